package dev.playtrace.server.facade.ncp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.EncodingCategory;
import dev.playtrace.model.EncodingJob;
import dev.playtrace.store.spi.EncodingJobRepository;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.Project;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;
import dev.playtrace.server.http.RouteHandlers;
import dev.playtrace.server.TokenSecrets;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * NAVER Cloud VOD Station ({@code vodstation.apigw.ntruss.com}) read endpoints over the project's encoding jobs:
 * {@code /api/v2/status/status-statistic}, {@code /api/v2/status}, {@code /api/v2/status/{fileId}},
 * {@code /api/v2/category}. A job's "work start time" is when it was requested (created).
 */
final class VodStationApi {
    static final int INPUT_VALUE_ERROR = 260002;
    static final int NOT_FOUND = 260004;
    static final int INTERNAL_ERROR = 260009;
    static final int PAGE_NO_ERROR = 260025;
    static final int INVALID_DATE = 260026;
    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 1000;
    static final String TRACE_ID_HEADER = "x-ncp-trace-id";
    static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final EncodingJobRepository jobs;
    private final RouteHandlers<Project> handlers;

    VodStationApi(EncodingJobRepository jobs, RouteHandlers<Project> handlers) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.handlers = requireNonNull(handlers, "handlers is null");
    }

    void register(HttpRouting.Builder routing) {
        // the statistic must be routed before /status/{fileId}
        get(routing, "/api/v2/status/status-statistic", this::statistic);
        get(routing, "/api/v2/status", this::statusList);
        get(routing, "/api/v2/status/{fileId}", this::status);
        get(routing, "/api/v2/category", this::categories);
        // any other VOD Station path: the gateway's "URL not found", before authentication as the gateway does
        routing.any("/api/v2/*", withGatewayHeaders((request, response) -> {
            NcpError error = NcpError.gateway(404, "300", "Not Found Exception", "URL not found.");
            RouteHandlers.send(response, error.answer());
        }));
    }

    private void get(HttpRouting.Builder routing, String path, RouteHandlers.Endpoint<Project> endpoint) {
        routing.get(path, withGatewayHeaders(handlers.handler("GET " + path, endpoint)));
    }

    /**
     * The response headers of the seed's example (seeds/001), on every answer, errors included:
     * {@code Content-Type: application/json;charset=utf-8} and a fresh {@code x-ncp-trace-id}. The content type is
     * set just before the headers go out, so it replaces the template's plain {@code application/json}.
     */
    static Handler withGatewayHeaders(Handler handler) {
        return (request, response) -> {
            response.header(TRACE_ID_HEADER, TokenSecrets.randomLowerAlphanumeric(26));
            response.beforeSend(() -> response.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE));
            handler.handle(request, response);
        };
    }

    /** The window [from, to] (inclusive) as half-open millis; the smaller parameter is the start. */
    record Window(long fromMs, long toMs) {
    }

    /**
     * {@code workStartTimeFrom}/{@code workStartTimeTo} in epoch ms; NAVER's two doc versions disagree about which is
     * the start, so the smaller is. One alone bounds one side; none means every job.
     */
    static Window window(RequestParameters parameters) {
        Optional<Long> from = epochMs(parameters, "workStartTimeFrom");
        Optional<Long> to = epochMs(parameters, "workStartTimeTo");
        if (from.isPresent() && to.isPresent()) {
            long start = Math.min(from.get(), to.get());
            long end = Math.max(from.get(), to.get());
            return new Window(start, end == Long.MAX_VALUE ? end : end + 1);
        }
        if (from.isPresent()) {
            return new Window(from.get(), Long.MAX_VALUE);
        }
        return to.map(end -> new Window(0, end == Long.MAX_VALUE ? end : end + 1)).orElse(new Window(0, Long.MAX_VALUE));
    }

    private static Optional<Long> epochMs(RequestParameters parameters, String name) {
        Optional<String> text = parameters.first(name).filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(text.get().trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw NcpError.vodStation(400, INVALID_DATE, "Invalid DATE format: " + name
                    + " must be epoch milliseconds; got '" + text.get() + "'");
        }
    }

    private static int pageNo(RequestParameters parameters) {
        Optional<String> text = parameters.first("pageNo").filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return 1;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the vendor's error
        }
        throw NcpError.vodStation(400, PAGE_NO_ERROR, "pageNo must be 1 or more; got '" + text.get() + "'");
    }

    private static int pageSizeNo(RequestParameters parameters) {
        Optional<String> text = parameters.first("pageSizeNo").filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value >= 1 && value <= MAX_PAGE_SIZE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the vendor's error
        }
        throw NcpError.vodStation(400, INPUT_VALUE_ERROR, "pageSizeNo must be between 1 and " + MAX_PAGE_SIZE
                + "; got '" + text.get() + "'");
    }

    private JsonNode statistic(Project project, RequestParameters parameters, ServerRequest request) {
        Window window = window(parameters);
        Map<EncodingJobStatus, Long> counts = jobs.countJobsByStatus(project.id(), window.fromMs(), window.toMs());
        ObjectNode content = Json.object();
        for (EncodingJobStatus status : EncodingJobStatus.values()) {
            content.put(status.wireName(), counts.getOrDefault(status, 0L));
        }
        ObjectNode body = Json.object();
        body.set("content", content);
        return body;
    }

    private JsonNode statusList(Project project, RequestParameters parameters, ServerRequest request) {
        int pageNo = pageNo(parameters);
        int pageSize = pageSizeNo(parameters);
        Window window = window(parameters);
        Map<Long, String> categoryNames = new HashMap<>();
        ArrayNode content = Json.array();
        for (EncodingJob job : jobs.listJobs(project.id(), window.fromMs(), window.toMs(), (long) (pageNo - 1) * pageSize, pageSize)) {
            content.add(job(project, job, categoryNames));
        }
        ObjectNode body = Json.object();
        body.set("content", content);
        body.put("total", jobs.countJobs(project.id(), window.fromMs(), window.toMs()));
        return body;
    }

    private JsonNode status(Project project, RequestParameters parameters, ServerRequest request) {
        String fileId = request.path().pathParameters().get("fileId");
        EncodingJob job = jobs.findJob(project.id(), fileId)
                .orElseThrow(() -> NcpError.vodStation(404, NOT_FOUND, "Not found: no encoding file '" + fileId + "'"));
        ObjectNode body = Json.object();
        body.set("content", job(project, job, new HashMap<>()));
        return body;
    }

    private JsonNode categories(Project project, RequestParameters parameters, ServerRequest request) {
        int pageNo = pageNo(parameters);
        int pageSize = pageSizeNo(parameters);
        ArrayNode content = Json.array();
        for (EncodingCategory category : jobs.listCategories(project.id(), (long) (pageNo - 1) * pageSize, pageSize)) {
            ObjectNode item = content.addObject();
            item.put("id", category.categoryId());
            item.put("categoryId", category.categoryId());
            item.put("name", category.name());
            item.put("categoryName", category.name());
            item.put("createTime", category.createdAtMs());
        }
        ObjectNode body = Json.object();
        body.set("content", content);
        body.put("total", jobs.countCategories(project.id()));
        return body;
    }

    private ObjectNode job(Project project, EncodingJob job, Map<Long, String> categoryNames) {
        ObjectNode item = Json.object();
        item.put("categoryId", job.categoryId());
        String categoryName = job.categoryId() == null ? null : categoryNames.computeIfAbsent(job.categoryId(),
                id -> jobs.findCategory(project.id(), id).map(EncodingCategory::name).orElse(null));
        item.put("categoryName", categoryName);
        item.put("fileId", job.fileId());
        item.put("fileName", job.fileName());
        item.put("status", job.status().wireName());
        item.put("workStartTime", job.requestedAtMs());
        item.put("encodingStartTime", job.startedAtMs());
        item.put("workEndTime", job.endedAtMs());
        item.put("failureReason", job.failureReason());
        ObjectNode input = item.putObject("input");
        input.put("fileId", job.fileId());
        input.putNull("bucketName");
        input.put("filePath", job.filePath());
        ObjectNode metadata = input.putObject("metadata");
        EncodingJob.Input source = job.input();
        metadata.put("duration", source.durationSeconds());
        metadata.put("videoCodec", source.videoCodec());
        metadata.put("videoBitrate", source.videoBitrateBps());
        metadata.put("profile", source.profile());
        metadata.put("width", source.width());
        metadata.put("height", source.height());
        metadata.put("framerate", source.framerate());
        metadata.put("audioCodec", source.audioCodec());
        metadata.put("audioBitrate", source.audioBitrateBps());
        return item;
    }
}
