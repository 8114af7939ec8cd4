package dev.playtrace.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** A real Playtrace server on a free port with a temporary data directory, and a small HTTP client for it. */
public final class RunningServer implements AutoCloseable {
    public static final String PROJECT_ID = "proj_test";
    public static final String INGEST_KEY = "ingesttestkey";
    public static final String TOKEN_ID = "token-test";
    public static final String TOKEN_SECRET = "secret-test";
    /** Beacons an SDK sends again after getting no answer at all, before it gives up. */
    private static final int MAX_UNANSWERED_RESENDS = 3;

    private final PlaytraceServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dataDir;

    private RunningServer(PlaytraceServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static RunningServer start(Path dataDir, MutableClock clock) {
        return start(config(dataDir), clock);
    }

    /** The configuration {@link #start(Path, MutableClock)} uses, for tests that change one setting. */
    public static ServerConfig config(Path dataDir) {
        return new ServerConfig(0, dataDir, false, ServerConfig.DEFAULT_VIEW_TIMEOUT, null,
                new ServerConfig.FixedProject(PROJECT_ID, INGEST_KEY, TOKEN_ID, TOKEN_SECRET),
                ServerConfig.DEFAULT_MAX_BEACON_BYTES, java.util.Map.of())
                // the tests send many wrong credentials from one address; the limit has its own test
                .withAuthenticationLimits(new dev.playtrace.server.http.AuthenticationThrottle.Limits(1_000_000, 1_000_000));
    }

    public static RunningServer start(ServerConfig config, MutableClock clock) {
        return new RunningServer(PlaytraceServer.start(config, clock), config.dataDir());
    }

    public PlaytraceServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates another project and returns its credentials. */
    public ProjectAdmin.Credentials createProject(String name) {
        return server.admin().createProject(name);
    }

    public void flush() {
        server.flush();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + server.port() + pathAndQuery);
    }

    public Response postBeacon(String body) {
        return postBeacon(body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    public Response postBeacon(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/beacons")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * Posts like a player SDK: a 503 (the server's backlog of unstored events is at its bound) is sent again until it
     * is taken, and so is a beacon that got no answer at all (a kept-alive connection the server closed as it was
     * reused: nothing was acknowledged, and a repeat is dropped by sequence number); any other answer is returned.
     */
    public Response postBeaconAsAnSdkWould(byte[] body, Map<String, String> headers) {
        int unanswered = 0;
        while (true) {
            Response response;
            try {
                response = postBeacon(body, headers);
            } catch (UncheckedIOException e) {
                if (++unanswered > MAX_UNANSWERED_RESENDS) {
                    throw e;
                }
                continue;
            }
            if (response.status() != 503) {
                return response;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** GET with the default project's token. */
    public Response get(String pathAndQuery) {
        return get(pathAndQuery, TOKEN_ID, TOKEN_SECRET);
    }

    public Response get(String pathAndQuery, String tokenId, String tokenSecret) {
        String credentials = Base64.getEncoder().encodeToString((tokenId + ":" + tokenSecret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization", "Basic " + credentials).GET().build());
    }

    public Response getWithoutAuth(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /** An HTTP response with its body parsed as JSON on demand. */
    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON (status " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }
}
