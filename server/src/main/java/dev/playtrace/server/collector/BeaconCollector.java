package dev.playtrace.server.collector;

import dev.playtrace.ingest.pipeline.BatchResult;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.bus.BusRefusedException;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.observe.ServerMetrics;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /v1/beacons}: reads the body (JSON or sendBeacon's text/plain, optionally gzip), hands it to the
 * ingest pipeline, publishes the accepted events on the bus and, once the bus has made them durable, answers with
 * what was accepted and rejected. When the bus is too far behind it answers 503 with Retry-After and keeps nothing
 * (the SDKs send the batch again); a 2xx always means stored. A bus already at its bound refuses before the body is
 * decoded, so then even a beacon that would be rejected as invalid gets the 503 (its retry gets the 4xx).
 * Any origin may post (CORS). {@code POST /} is the same collector, for mux-embed, which posts to the root path of
 * its {@code beaconCollectionDomain}.
 */
public final class BeaconCollector {
    public static final String PATH = "/v1/beacons";
    /** Where mux-embed posts: the root of the collection domain (only POST and OPTIONS; GET / stays free). */
    public static final String MUX_EMBED_PATH = "/";
    private static final Logger LOG = Logger.getLogger(BeaconCollector.class.getName());
    private static final HeaderName CLOUDFRONT_COUNTRY = HeaderNames.create("CloudFront-Viewer-Country");
    private static final HeaderName CLOUDFLARE_COUNTRY = HeaderNames.create("CF-IPCountry");
    private static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");

    private final BeaconIngestor ingestor;
    private final EventBus bus;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final long maxBodyBytes;

    public BeaconCollector(BeaconIngestor ingestor, EventBus bus, ServerMetrics metrics, Clock clock, long maxBodyBytes) {
        this.ingestor = requireNonNull(ingestor, "ingestor is null");
        this.bus = requireNonNull(bus, "bus is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(HttpRouting.Builder routing) {
        for (String path : new String[] {PATH, MUX_EMBED_PATH}) {
            routing.options(path, this::preflight);
            routing.post(path, this::collect);
        }
        new CmcdCollector(this).register(routing);
    }

    void preflight(ServerRequest request, ServerResponse response) {
        allowAnyOrigin(response);
        response.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
        response.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                request.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS).orElse("Content-Type, Content-Encoding"));
        response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
        response.status(204).send();
    }

    private void collect(ServerRequest request, ServerResponse response) {
        collect(request, response, null);
    }

    /** Collects a body that {@code reader} reads (another wire format), or a native one when it is null. */
    void collect(ServerRequest request, ServerResponse response, BeaconIngestor.BatchReader reader) {
        collect(request, response, reader, BeaconResponse::status);
    }

    /** As {@link #collect(ServerRequest, ServerResponse, BeaconIngestor.BatchReader)}, answering with {@code status}. */
    void collect(ServerRequest request, ServerResponse response, BeaconIngestor.BatchReader reader,
            ToIntFunction<BatchResult> status) {
        allowAnyOrigin(response);
        long receivedAtMs = clock.millis();
        byte[] body;
        try {
            // Helidon already undid a gzip Content-Encoding (GzipRequestDecoding); the limit applies to decoded bytes
            body = BodyReader.read(request.content().inputStream(), maxBodyBytes);
        } catch (BodyReader.TooLargeException e) {
            metrics.batchRefused("payload_too_large");
            sendError(response, 413, "payload_too_large", "beacon body is larger than " + maxBodyBytes
                    + " bytes (after decompression); send fewer events per beacon");
            return;
        } catch (UncheckedIOException | java.util.zip.ZipException | java.io.EOFException e) {
            metrics.batchRefused("bad_encoding");
            sendError(response, 400, "bad_encoding", "the body is declared gzip but is not valid gzip data");
            return;
        } catch (IOException | RuntimeException e) {
            metrics.batchRefused("unreadable_body");
            LOG.log(Level.FINE, "could not read beacon body", e);
            sendError(response, 400, "unreadable_body", "could not read the request body");
            return;
        }
        Optional<BusRefusedException> refusal = bus.currentRefusal();
        if (refusal.isPresent()) {
            // refused before decoding: under overload the CPU goes to the store catching up, not to beacons dropped
            sendRefused(response, refusal.get());
            return;
        }
        BeaconContext context = context(request, receivedAtMs);
        BatchResult result = reader == null ? ingestor.ingest(body, context) : ingestor.ingest(body, reader, context);
        if (!result.events().isEmpty() && !publish(result, response)) {
            return;
        }
        response.status(status.applyAsInt(result));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.bytes(BeaconResponse.body(result)));
    }

    /** Waits until the bus made the events durable; false when it could not and an error response was sent. */
    private boolean publish(BatchResult result, ServerResponse response) {
        try {
            bus.publish(result.events()).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof BusRefusedException refused) {
                sendRefused(response, refused);
            } else {
                metrics.batchRefused("not_stored");
                LOG.log(Level.SEVERE, "beacon events could not be made durable", e.getCause());
                response.header(HeaderNames.RETRY_AFTER, "5");
                sendError(response, 503, "not_stored", "the server could not store the events; send them again later");
            }
            return false;
        }
    }

    private void sendRefused(ServerResponse response, BusRefusedException refused) {
        metrics.batchRefused(refused.code());
        response.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, refused.retryAfter().toSeconds())));
        sendError(response, 503, refused.code(), refused.getMessage());
    }

    private static BeaconContext context(ServerRequest request, long receivedAtMs) {
        String userAgent = request.headers().first(HeaderNames.USER_AGENT).orElse(null);
        String country = request.headers().first(CLOUDFRONT_COUNTRY)
                .or(() -> request.headers().first(CLOUDFLARE_COUNTRY)).orElse(null);
        return new BeaconContext(receivedAtMs, userAgent, clientIp(request), country);
    }

    /** The first address of X-Forwarded-For when a proxy set it, else the peer; used for the country lookup only. */
    private static String clientIp(ServerRequest request) {
        String forwarded = request.headers().first(FORWARDED_FOR).orElse(null);
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        SocketAddress address = request.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return null;
    }

    private static void allowAnyOrigin(ServerResponse response) {
        response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }

    private static void sendError(ServerResponse response, int status, String code, String message) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.bytes(BeaconResponse.refused(code, message)));
    }
}
