package dev.playtrace.server.nativeapi;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.query.sql.ViewSelection;
import dev.playtrace.server.exports.ExportSlots;
import dev.playtrace.server.exports.ExportTable;
import dev.playtrace.server.exports.ExportTempFiles;
import dev.playtrace.server.http.HttpStatuses;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestTimer;
import dev.playtrace.server.http.RouteHandlers;
import dev.playtrace.server.http.RequestParameters;
import dev.playtrace.store.spi.ExportFormat;
import dev.playtrace.store.spi.ExportRepository;
import dev.playtrace.store.spi.ExportTarget;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /data/v1/exports/views} and {@code /data/v1/exports/events}: the views every metric counts (play request
 * in {@code timeframe[]}, passing {@code filters[]}) or their events, as CSV, NDJSON or Parquet ({@code format=}, else
 * the Accept header, else CSV), with the video view's column names.
 *
 * <p>How it streams: the store writes the rows with its own writer (DuckDB {@code COPY ... TO}) to a file in
 * {@code <data dir>/export-tmp}, and the file is then sent in 64 KB writes and deleted. Neither step holds the rows
 * in the JVM, a slow client holds a file rather than a store connection, and Parquet (whose footer is written last)
 * takes the same path as the text formats. The cost is first-byte latency (the time DuckDB needs to write the file)
 * and disk space for the file while it is sent.
 *
 * <p>At most {@link ExportSlots} exports run at once per project and per server; past that a request gets 429 with
 * {@code Retry-After}. An answer is {@code Accept-Ranges: none}: each request writes the export anew (late views may
 * have arrived), so a byte range of an earlier answer cannot be resumed; a Range header gets the whole export.
 */
public final class ExportsApi {
    private static final Logger LOG = Logger.getLogger(ExportsApi.class.getName());
    private static final String PREFIX = "/data/v1/exports/";
    static final String ROW_COUNT_HEADER = "X-Playtrace-Row-Count";

    private final ExportRepository exports;
    private final ExportSqlGenerator generator;
    private final ExportTempFiles tempFiles;
    private final ExportSlots slots;
    private final Function<ServerRequest, Project> authenticator;
    private final RequestTimer timer;
    private final Clock clock;

    public ExportsApi(ExportRepository exports, ExportSqlGenerator generator, ExportTempFiles tempFiles,
            ExportSlots slots, Function<ServerRequest, Project> authenticator, RequestTimer timer, Clock clock) {
        this.exports = requireNonNull(exports, "exports is null");
        this.generator = requireNonNull(generator, "generator is null");
        this.tempFiles = requireNonNull(tempFiles, "tempFiles is null");
        this.slots = requireNonNull(slots, "slots is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(HttpRouting.Builder routing) {
        for (ExportTable table : ExportTable.values()) {
            routing.get(PREFIX + table.fileName(), handler(table));
        }
    }

    private Handler handler(ExportTable table) {
        String routeName = "GET " + PREFIX + table.fileName();
        return (request, response) -> {
            long startNanos = System.nanoTime();
            Path file = null;
            try {
                Project project = authenticator.apply(request);
                RequestParameters parameters = RequestParameters.parse(request.query().rawValue());
                if (table == ExportTable.VIEWS && asksForMuxExportList(parameters, request.headers().first(HeaderNames.ACCEPT))) {
                    RouteHandlers.send(response, 200, NativeApi.envelope(Json.array(), 0L,
                            NativeRequests.defaultTimeframe(clock), null));
                    return;
                }
                ExportFormat format = format(parameters, request.headers().first(HeaderNames.ACCEPT));
                TimeRange range = NativeRequests.timeframe(parameters, clock);
                ViewSelection selection = new ViewSelection(project.id(), range, NativeRequests.filters(parameters));
                try (ExportSlots.Slot slot = slots.acquire(project.id())) {
                    file = tempFiles.newFile(format.extension());
                    long rows = exports.write(List.of(new ExportTarget(table.query(generator, selection), format, file)))
                            .getFirst();
                    send(response, table, format, range, rows, file);
                    ExportTempFiles.deleteQuietly(file);
                }
            } catch (ExportSlots.Busy e) {
                response.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
                sendError(request, response, e.code(), 429, e.getMessage());
            } catch (PlaytraceException e) {
                int status = HttpStatuses.statusOf(e.code());
                if (status >= 500) {
                    LOG.log(Level.SEVERE, "failure in " + routeName, e);
                }
                sendError(request, response, e.code(), status, e.getMessage());
            } catch (UncheckedIOException e) {
                LOG.log(Level.INFO, routeName + ": the export was not sent whole (client gone?)", e);
                sendError(request, response, ErrorCode.INTERNAL, 500, "the export could not be sent");
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "unexpected failure in " + routeName, e);
                sendError(request, response, ErrorCode.INTERNAL, 500, "internal error; see the server log");
            } finally {
                if (file != null) {
                    ExportTempFiles.deleteQuietly(file);
                }
                timer.record(routeName, System.nanoTime() - startNanos);
            }
        };
    }

    private static void send(ServerResponse response, ExportTable table, ExportFormat format, TimeRange range,
                             long rows, Path file) {
        try {
            long size = Files.size(file);
            response.status(200);
            response.header(HeaderNames.CONTENT_TYPE, format.mediaType());
            response.header(HeaderNames.CONTENT_LENGTH, Long.toString(size));
            response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + table.fileName() + "-"
                    + stamp(range.fromMs()) + "-" + stamp(range.toMs()) + "." + format.extension() + "\"");
            response.header(ROW_COUNT_HEADER, Long.toString(rows));
            response.header(HeaderNames.ACCEPT_RANGES, "none");
            try (OutputStream out = response.outputStream()) {
                Files.copy(file, out);
            }
        } catch (IOException e) {
            // the client went away or the disk failed mid-file: nothing can be sent any more
            throw new UncheckedIOException("could not send the export file", e);
        }
    }

    private static String stamp(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString().replace(":", "").replace("-", "");
    }

    private static void sendError(ServerRequest request, ServerResponse response, ErrorCode code, int status,
                                  String message) {
        if (response.isSent()) {
            return;
        }
        if (status == 401 && !RouteHandlers.fromBrowserScript(request)) {
            response.header(io.helidon.http.HeaderNames.WWW_AUTHENTICATE,
                    RouteHandlers.basicChallenge(dev.playtrace.server.PlaytraceServer.BASIC_REALM));
        }
        RouteHandlers.send(response, status, NativeApi.errorBody(code, status, message));
    }

    /**
     * Mux's {@code GET /data/v1/exports/views} (its clients' {@code exports.listVideoViews}) lists the daily export
     * files Mux prepared; the same path here streams an export. A JSON-only request with neither {@code format} nor
     * {@code timeframe[]} is Mux's question: it gets Mux's list shape, empty, since Playtrace's daily files are on the
     * server's disk, not behind URLs.
     */
    static boolean asksForMuxExportList(RequestParameters parameters, Optional<String> accept) {
        if (parameters.has("format") || parameters.has("timeframe[]") || parameters.has("filters[]") || accept.isEmpty()) {
            return false;
        }
        String first = accept.get().split(",")[0].split(";")[0].trim().toLowerCase(Locale.ROOT);
        return first.equals("application/json");
    }

    /**
     * {@code format=csv|ndjson|parquet} wins; otherwise the first Accept media type naming one ({@code text/csv},
     * {@code application/x-ndjson} or {@code application/jsonl}, {@code application/vnd.apache.parquet} or
     * {@code application/parquet}); otherwise CSV.
     */
    static ExportFormat format(RequestParameters parameters, Optional<String> accept) {
        Optional<String> name = parameters.first("format");
        if (name.isPresent()) {
            return ExportFormat.byName(name.get()).orElseThrow(() -> NativeRequests.invalid(
                    "format must be csv, ndjson or parquet; got '" + name.get() + "'"));
        }
        if (accept.isPresent()) {
            for (String range : accept.get().split(",")) {
                String mediaType = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
                Optional<ExportFormat> format = switch (mediaType) {
                    case "text/csv" -> Optional.of(ExportFormat.CSV);
                    case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/jsonlines"
                            -> Optional.of(ExportFormat.NDJSON);
                    case "application/vnd.apache.parquet", "application/parquet", "application/x-parquet"
                            -> Optional.of(ExportFormat.PARQUET);
                    default -> Optional.empty();
                };
                if (format.isPresent()) {
                    return format.get();
                }
            }
        }
        return ExportFormat.CSV;
    }
}
