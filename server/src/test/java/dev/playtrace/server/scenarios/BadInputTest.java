package dev.playtrace.server.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** Client mistakes get a clear 4xx naming what was wrong, valid data in the same batch is kept, and nothing is a 500. */
class BadInputTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final long T0_MS = T0.toEpochMilli();

    @TempDir
    Path dataDir;
    private RunningServer server;

    @BeforeEach
    void start() {
        MutableClock clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void malformedJsonIs400WithAMessage() {
        RunningServer.Response response = server.postBeacon("{\"events\": [");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("malformed_json");
    }

    @Test
    void unknownIngestKeyIs401() {
        String body = new BeaconBuilder("no-such-key", T0_MS).view("v").at(0, "play").build();

        RunningServer.Response response = server.postBeacon(body);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("unknown_ingest_key");
    }

    @Test
    void invalidEventsAreRejectedByFieldWhileValidOnesAreKept() {
        String body = "{\"metadata\":{\"env_key\":\"" + INGEST_KEY + "\"},\"events\":["
                + "{\"event\":\"play\",\"view_id\":\"ok\",\"view_sequence_number\":1,\"viewer_time\":" + T0_MS + "},"
                + "{\"event\":\"play\",\"view_sequence_number\":1,\"viewer_time\":" + T0_MS + "},"
                + "{\"event\":\"teleport\",\"view_id\":\"x\",\"view_sequence_number\":1,\"viewer_time\":" + T0_MS + "},"
                + "{\"event\":\"play\",\"view_id\":\"y\",\"view_sequence_number\":\"one\",\"viewer_time\":" + T0_MS + "},"
                + "{\"event\":\"play\",\"view_id\":\"z\",\"view_sequence_number\":1,\"viewer_time\":" + (T0_MS + 3_600_000) + "}"
                + "]}";

        RunningServer.Response response = server.postBeacon(body);

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.path("accepted").asInt()).isEqualTo(1);
        assertThat(json.path("rejected").asInt()).isEqualTo(4);
        assertThat(json.path("errors").findValuesAsText("field"))
                .containsExactly("view_id", "event", "view_sequence_number", "viewer_time");
        server.flush();
        assertThat(server.get("/data/v1/video-views/ok").status()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIs413() {
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');

        RunningServer.Response response = server.postBeacon(body, Map.of("Content-Type", "application/json"));

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void gzipAndTextPlainBodiesAreAccepted() throws IOException {
        String body = new BeaconBuilder(INGEST_KEY, T0_MS).view("gz").at(0, "play").build();
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }

        RunningServer.Response response = server.postBeacon(gzipped.toByteArray(),
                Map.of("Content-Type", "text/plain;charset=UTF-8", "Content-Encoding", "gzip"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void corruptGzipIs400() {
        RunningServer.Response response = server.postBeacon("not gzip".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void corsPreflightIsAnswered() {
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/v1/beacons"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://player.example")
                .header("Access-Control-Request-Method", "POST").build());

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.header("Access-Control-Allow-Methods")).contains("POST");
    }

    @Test
    void queryMistakesAre400WithMuxErrorBodiesNamingTheMistake() {
        Map<String, String> messageByPath = new java.util.LinkedHashMap<>();
        messageByPath.put("/data/v1/metrics/no_such_metric/overall", "unknown metric 'no_such_metric'");
        messageByPath.put("/data/v1/metrics/views/breakdown?group_by=planet", "unknown dimension 'planet'");
        messageByPath.put("/data/v1/metrics/views/overall?timeframe[]=yesterday", "timeframe[]");
        messageByPath.put("/data/v1/metrics/views/overall?filters[]=nocolon", "dimension:value");
        messageByPath.put("/data/v1/metrics/video_startup_time/overall?measurement=mode", "'mode'");
        messageByPath.put("/data/v1/metrics/views/breakdown", "group_by is required");
        messageByPath.put("/data/v1/video-views?limit=-1", "limit must be between");
        messageByPath.put("/data/v1/dimensions/planet", "unknown dimension 'planet'");
        messageByPath.forEach((path, expectedMessage) -> {
            RunningServer.Response response = server.get(path);

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.json().path("error").path("type").asText()).as(path).isEqualTo("invalid_parameters");
            assertThat(response.json().path("error").path("messages").get(0).asText()).as(path).contains(expectedMessage);
        });
    }

    @Test
    void missingOrWrongTokenIs401() {
        assertThat(server.getWithoutAuth("/data/v1/metrics").status()).isEqualTo(401);
        assertThat(server.get("/data/v1/metrics", RunningServer.TOKEN_ID, "wrong").status()).isEqualTo(401);
        assertThat(server.get("/data/v1/metrics", RunningServer.TOKEN_ID, "wrong").json().path("error").path("type").asText())
                .isEqualTo("unauthorized");
    }

    @Test
    void unknownViewIs404() {
        RunningServer.Response response = server.get("/data/v1/video-views/nope");

        assertThat(response.status()).isEqualTo(404);
    }
}
