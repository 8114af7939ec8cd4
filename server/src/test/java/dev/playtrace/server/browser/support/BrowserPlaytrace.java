package dev.playtrace.server.browser.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.support.RunningServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * A real Playtrace server for browser tests: like {@link RunningServer} (same fixed project: ingest key
 * {@link RunningServer#INGEST_KEY}, token {@link RunningServer#TOKEN_ID}/{@link RunningServer#TOKEN_SECRET}) but on
 * the system clock, since a browser's beacons carry real times. Listens on {@code localhost:<free port>} over plain
 * HTTP; mux-embed keeps {@code http://} only for a {@code beaconCollectionDomain} of {@code localhost(:port)}, which
 * {@link #beaconDomain()} is. One per test class; the data directory is deleted on {@link #close()}.
 */
public final class BrowserPlaytrace implements AutoCloseable {
    private final PlaytraceServer server;
    private final Path dataDir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BrowserPlaytrace(PlaytraceServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static BrowserPlaytrace start() {
        try {
            Path dataDir = Files.createTempDirectory("playtrace-browser-test");
            ServerConfig config = new ServerConfig(0, dataDir, false, ServerConfig.DEFAULT_VIEW_TIMEOUT, null,
                    new ServerConfig.FixedProject(RunningServer.PROJECT_ID, RunningServer.INGEST_KEY,
                            RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET),
                    ServerConfig.DEFAULT_MAX_BEACON_BYTES, java.util.Map.of());
            return new BrowserPlaytrace(PlaytraceServer.start(config, Clock.systemUTC()), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PlaytraceServer server() {
        return server;
    }

    /** {@code localhost:<port>}, what mux-embed's {@code beaconCollectionDomain} takes. */
    public String beaconDomain() {
        return "localhost:" + server.port();
    }

    /** {@code http://localhost:<port>} */
    public String origin() {
        return "http://" + beaconDomain();
    }

    /**
     * Sends one small native beacon (a throwaway view of video {@code warm-up}) with the browser's User-Agent, so the
     * first beacon of a test does not meet a cold server. That matters for timing assertions: the server corrects
     * each beacon's times by its own send-to-receive offset, and a cold server took ~130 ms longer to take the
     * first beacon than later ones, shifting its events by that much relative to events in later beacons.
     */
    public void warmUp(String userAgent) {
        long now = System.currentTimeMillis();
        String body = "{\"metadata\":{\"transmission_timestamp\":" + now + ",\"env_key\":\"" + RunningServer.INGEST_KEY
                + "\"},\"events\":[{\"event\":\"viewstart\",\"view_id\":\"warm-up-" + now + "\","
                + "\"view_sequence_number\":1,\"viewer_time\":" + now + ",\"video_id\":\"warm-up\"},"
                + "{\"event\":\"viewend\",\"view_id\":\"warm-up-" + now + "\",\"view_sequence_number\":2,"
                + "\"viewer_time\":" + now + "}]}";
        for (int i = 0; i < 3; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + "/v1/beacons"))
                    .header("Content-Type", "application/json").header("User-Agent", userAgent)
                    .POST(HttpRequest.BodyPublishers.ofString(body.replace("warm-up-" + now, "warm-up-" + now + "-" + i)))
                    .build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("warm-up beacon refused: " + response.body());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** GET with the fixed project's token. */
    public RunningServer.Response get(String pathAndQuery) {
        String credentials = Base64.getEncoder().encodeToString(
                (RunningServer.TOKEN_ID + ":" + RunningServer.TOKEN_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + pathAndQuery))
                .header("Authorization", "Basic " + credentials).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new RunningServer.Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The stored view ({@code data} of {@code GET /data/v1/video-views/{id}}, with its events) of the only view whose
     * {@code video_id} is {@code videoId}, once {@code ready} accepts it; polls (flushing the sessionizer) until
     * {@code timeout}, then fails showing the last state.
     */
    public JsonNode awaitView(String videoId, Predicate<JsonNode> ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (true) {
            server.flush();
            RunningServer.Response list = get("/data/v1/video-views?timeframe[]=1:hours&filters[]="
                    + URLEncoder.encode("video_id:" + videoId, StandardCharsets.UTF_8));
            JsonNode views = list.json().path("data");
            if (views.size() > 1) {
                throw new AssertionError("expected one view of video " + videoId + ", found " + views.size() + ": " + views);
            }
            if (views.size() == 1) {
                last = get("/data/v1/video-views/" + views.get(0).path("id").asText()).json().path("data");
                if (ready.test(last)) {
                    return last;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ready view of video " + videoId + " within " + timeout + "; last: " + last);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        server.close();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
