package dev.playtrace.server.muxembed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two beacons stock mux-embed 5.19.0 sent for one short view (captured unchanged, only {@code ake} rewritten to
 * the test project's ingest key), posted where mux-embed posts them: {@code POST /} with {@code text/plain}.
 *
 * <p>The server's clock is set to each beacon's {@code transmission_timestamp} + {@link #DEVICE_BEHIND_MS} when it
 * arrives (the device clock runs one hour behind), so every event's corrected time is its {@code viewer_time} + 1 h
 * and the numbers below can be read off the captured {@code uti} values. Writing t for {@code uti - 1795390036000}:
 *
 * <pre>
 * seq  event               t      effect (metrics.md §2, §3a)
 *  1   networkchange       312    first event: view_start
 *  3   viewstart           315
 *  4   renditionchange     356    1280x720 in a 640x360 player: no upscaling; before the first frame, no switch
 *  5   play                356    play_requested_at (§3a.1)
 *  6   playing             658    first_frame_at: startup = 658 - 356 = 302
 *  7   waiting            1914    stall opens
 *  8   playing            2414    stall [1914, 2414)
 *  9   rebufferstart      1663    sent late with its true, earlier time (§3a.2)
 * 10   rebufferend        2165    signal [1663, 2165): overlaps the stall, merged into one [1663, 2414) = 751 ms
 * 11   pause              3168    paused from here
 * 12   ended              3169    ended; last event, and no viewend: the view stays open and ends here for now
 * </pre>
 *
 * So: rebuffer 1 stall of 751 ms (not 500 + 502: overlapping signals of one stall are merged);
 * playing = (1663 - 658) + (3168 - 2414) = 1005 + 754 = 1759; paused [3168, 3169) is 1 ms of not watching;
 * watch time = startup 302 + playing 1759 + rebuffering 751 = 2812 (= pause 3168 - play 356);
 * play duration = 1759 + 751 = 2510. mux-embed's own aggregates (xwati 2854, xpntimscv 2509, xredu 502) are
 * kept as unknown fields but not used: QoE comes from the events.
 */
class MuxEmbedBeaconsTest {
    private static final long DEVICE_BEHIND_MS = 3_600_000;
    private static final String VIEW_ID = "f9d59249-db9f-4e7b-89bd-b2150595d957";
    private static final long T_MS = 1_795_390_036_000L + DEVICE_BEHIND_MS;

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.ofEpochMilli(T_MS));
        server = RunningServer.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ArrayNode capturedBeacons(String ingestKey) throws IOException {
        try (InputStream in = MuxEmbedBeaconsTest.class.getResourceAsStream("mux-embed-captured-beacons.json")) {
            ArrayNode beacons = (ArrayNode) Json.MAPPER.readTree(in);
            for (JsonNode beacon : beacons) {
                for (JsonNode event : beacon.path("events")) {
                    if (event.has("ake")) {
                        ((ObjectNode) event).put("ake", ingestKey);
                    }
                }
            }
            return beacons;
        }
    }

    private RunningServer.Response postToRoot(JsonNode beacon) throws IOException {
        clock.set(beacon.path("metadata").path("transmission_timestamp").asLong() + DEVICE_BEHIND_MS);
        byte[] body = Json.MAPPER.writeValueAsBytes(beacon);
        return server.send(HttpRequest.newBuilder(server.uri("/"))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .header("Origin", "http://localhost:3000")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static String iso(long t) {
        return Instant.ofEpochMilli(T_MS + t).toString();
    }

    @Test
    void capturedViewHasTheNumbersOfItsEvents() throws IOException {
        ArrayNode beacons = capturedBeacons(RunningServer.INGEST_KEY);
        RunningServer.Response first = postToRoot(beacons.get(0));
        RunningServer.Response second = postToRoot(beacons.get(1));
        server.flush();

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("accepted").asInt()).isEqualTo(3);
        assertThat(first.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("accepted").asInt()).isEqualTo(9);
        assertThat(second.json().path("rejected").asInt()).isZero();

        RunningServer.Response response = server.get("/data/v1/video-views/" + VIEW_ID);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode view = response.json().path("data");
        assertThat(view.path("view_start").asText()).isEqualTo(iso(312));
        assertThat(view.path("play_requested_at").asText()).isEqualTo(iso(356));
        assertThat(view.path("first_frame_at").asText()).isEqualTo(iso(658));
        assertThat(view.path("view_end").asText()).isEqualTo(iso(3_169));
        assertThat(view.path("time_to_first_frame").asLong()).isEqualTo(302);
        assertThat(view.path("view_playing_time").asText()).isEqualTo("1759");
        assertThat(view.path("rebuffer_count").asInt()).isEqualTo(1);
        assertThat(view.path("rebuffer_duration").asLong()).isEqualTo(751);
        assertThat(view.path("watch_time").asLong()).isEqualTo(2_812);
        assertThat(view.path("play_duration").asLong()).isEqualTo(2_510);
        assertThat(view.path("view_seek_count").asInt()).isZero();
        assertThat(view.path("rendition_change_count").asInt()).isZero();
        assertThat(view.path("view_max_upscale_percentage").asText()).isEqualTo("0.0");
        assertThat(view.path("weighted_average_bitrate").isNull()).isTrue();
        assertThat(view.path("outcome").asText()).isEqualTo("started");
        assertThat(view.path("ended").asBoolean()).isTrue();
        assertThat(view.path("closed").asBoolean()).isFalse();
        assertThat(view.path("error_count").asInt()).isZero();
        assertThat(view.path("video_title").asText()).isEqualTo("Test");
        assertThat(view.path("video_id").asText()).isEqualTo("vid-1");
        assertThat(view.path("player_name").asText()).isEqualTo("node-harness");
        assertThat(view.path("viewer_id").asText()).isEqualTo("u1"); // viewer_user_id wins over mux_viewer_id
        assertThat(view.path("event_count").asInt()).isEqualTo(12);
        assertThat(view.path("events").get(0).path("name").asText()).isEqualTo("networkchange");
        assertThat(view.path("events").get(8).path("name").asText()).isEqualTo("rebufferstart");
        assertThat(view.path("events").get(8).path("event_time").asLong()).isEqualTo(T_MS + 1_663);
        assertThat(view.path("events").get(6).path("playback_time").asLong()).isEqualTo(1_250);
    }

    @Test
    void muxEnvKeyMustBeTheProjectIngestKey() throws IOException {
        RunningServer.Response response = postToRoot(capturedBeacons("testenv123").get(0));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("unknown_ingest_key");
    }

    @Test
    void rootAnswersTheCorsPreflight() {
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build());

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.header("Access-Control-Allow-Methods")).contains("POST");
    }

    @Test
    void nativeEndpointReadsTheSameBody() throws IOException {
        JsonNode beacon = capturedBeacons(RunningServer.INGEST_KEY).get(0);
        clock.set(beacon.path("metadata").path("transmission_timestamp").asLong() + DEVICE_BEHIND_MS);

        RunningServer.Response response = server.postBeacon(Json.MAPPER.writeValueAsBytes(beacon),
                Map.of("Content-Type", "text/plain"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(3);
    }
}
