package dev.playtrace.bench.run;

import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ServerConfig;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A real Playtrace server for the benchmarks, with a fixed project and the no-op baseline route {@value #NOOP_PATH}
 * on the same HTTP server: it reads the body and answers like the collector would, doing nothing else.
 */
final class BenchServer {
    static final String NOOP_PATH = "/bench/noop";
    static final String PROJECT_ID = "proj_bench";
    static final String INGEST_KEY = "benchingestkey";
    static final String TOKEN_ID = "bench-token";
    static final String TOKEN_SECRET = "bench-secret";
    private static final byte[] NOOP_ANSWER = "{\"accepted\":0,\"rejected\":0}".getBytes(StandardCharsets.UTF_8);

    private BenchServer() {
    }

    static PlaytraceServer start(Path dataDir) {
        return start(dataDir, ServerConfig.DEFAULT_VIEW_TIMEOUT);
    }

    /** A server whose views time out after {@code viewTimeout} (long, to leave a dataset's open views as they are). */
    static PlaytraceServer start(Path dataDir, Duration viewTimeout) {
        return PlaytraceServer.start(config(dataDir, viewTimeout), Clock.systemUTC(), BenchServer::addNoop);
    }

    /** A server on the store of {@code storeUrl} instead of the data directory's default one. */
    static PlaytraceServer start(Path dataDir, String storeUrl) {
        return start(dataDir, storeUrl, ServerConfig.DEFAULT_VIEW_TIMEOUT);
    }

    /** A server on the store of {@code storeUrl} whose views time out after {@code viewTimeout}. */
    static PlaytraceServer start(Path dataDir, String storeUrl, Duration viewTimeout) {
        return PlaytraceServer.start(config(dataDir, viewTimeout).withStoreUrl(storeUrl), Clock.systemUTC(),
                BenchServer::addNoop);
    }

    private static ServerConfig config(Path dataDir, Duration viewTimeout) {
        return new ServerConfig(0, dataDir, false, viewTimeout, null,
                new ServerConfig.FixedProject(PROJECT_ID, INGEST_KEY, TOKEN_ID, TOKEN_SECRET),
                ServerConfig.DEFAULT_MAX_BEACON_BYTES, Map.of());
    }

    private static void addNoop(HttpRouting.Builder routing) {
        routing.post(NOOP_PATH, BenchServer::noop);
    }

    private static void noop(ServerRequest request, ServerResponse response) {
        try (var body = request.content().inputStream()) {
            body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.status(200).send(NOOP_ANSWER);
    }
}
