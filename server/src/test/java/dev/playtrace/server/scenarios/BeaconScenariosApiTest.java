package dev.playtrace.server.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-written beacon sequences sent over HTTP, with the exact numbers the native API must answer (metrics.md).
 * Every view starts at T0; the server's clock is moved by hand.
 */
class BeaconScenariosApiTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final long T0_MS = T0.toEpochMilli();
    private static final String WINDOW = "timeframe[]=" + (T0.getEpochSecond() - 3600) + "&timeframe[]=" + (T0.getEpochSecond() + 3600);
    private static final Map<String, Object> CLEAN_METADATA = Map.of("video_id", "v-clean", "video_title", "Clean",
            "video_stream_type", "on-demand", "mux_viewer_id", "viewer-a", "video_source_bitrate", 2_000_000);

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** play at 0, first frame at 1 s, pause 31-41 s (resumed in 100 ms, a blip), ended at 61 s, viewend at 62 s. */
    private String cleanPlay(String viewId) {
        return new BeaconBuilder(INGEST_KEY, T0_MS).view(viewId).sentAt(62_000)
                .at(0, "viewstart", CLEAN_METADATA).at(0, "play").at(1_000, "playing")
                .at(31_000, "pause").at(41_000, "play").at(41_100, "playing")
                .at(61_000, "ended").at(62_000, "viewend").build();
    }

    private String exitBeforeStart(String viewId) {
        return new BeaconBuilder(INGEST_KEY, T0_MS).view(viewId).sentAt(5_000)
                .at(0, "viewstart", Map.of("video_id", "v-ebvs", "mux_viewer_id", "viewer-b"))
                .at(0, "play").at(5_000, "viewend").build();
    }

    private String startupFailure(String viewId) {
        return new BeaconBuilder(INGEST_KEY, T0_MS).view(viewId).sentAt(3_000)
                .at(0, "viewstart", Map.of("video_id", "v-vsf", "mux_viewer_id", "viewer-b"))
                .at(0, "play")
                .at(2_000, "error", Map.of("player_error_code", "MEDIA_ERR_NETWORK", "player_error_message", "network down"))
                .at(3_000, "viewend").build();
    }

    /** first frame at 0.5 s, a 2 s stall from 10.5 s, viewend at 20.5 s. */
    private String rebuffering(String viewId) {
        return new BeaconBuilder(INGEST_KEY, T0_MS).view(viewId).sentAt(20_500)
                .at(0, "viewstart", Map.of("video_id", "v-rebuffer", "mux_viewer_id", "viewer-c"))
                .at(0, "play").at(500, "playing").at(10_500, "waiting").at(12_500, "playing")
                .at(20_500, "viewend").build();
    }

    private void sendFourViewsAndFlush() {
        clock.set(T0_MS + 62_000);
        for (String body : new String[] {cleanPlay("clean"), exitBeforeStart("ebvs"), startupFailure("vsf"), rebuffering("rebuffer")}) {
            assertThat(server.postBeacon(body).status()).isEqualTo(200);
        }
        server.flush();
    }

    private double overall(String metric, String extra) {
        RunningServer.Response response = server.get("/data/v1/metrics/" + metric + "/overall?" + WINDOW + extra);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("data").path("value").asDouble();
    }

    @Test
    void cleanPlayHasExactPrimitives() {
        sendFourViewsAndFlush();

        JsonNode view = server.get("/data/v1/video-views/clean").json().path("data");

        assertThat(view.path("time_to_first_frame").asLong()).isEqualTo(1_000);
        assertThat(view.path("view_playing_time").asText()).isEqualTo("50000");
        assertThat(view.path("watch_time").asLong()).isEqualTo(51_000);
        assertThat(view.path("rebuffer_count").asInt()).isZero();
        assertThat(view.path("ended").asBoolean()).isTrue();
        assertThat(view.path("view_dropped").asBoolean()).isFalse();
        assertThat(view.path("video_title").asText()).isEqualTo("Clean");
        assertThat(view.path("events")).hasSize(8);
        assertThat(view.path("events").get(1).path("name").asText()).isEqualTo("play");
    }

    @Test
    void outcomesSplitAttemptsExactly() {
        sendFourViewsAndFlush();

        assertThat(overall("views", "")).isEqualTo(4);
        assertThat(overall("plays", "")).isEqualTo(2);
        assertThat(overall("exits_before_video_start", "")).isEqualTo(25.0);
        assertThat(overall("video_startup_failure_percentage", "")).isEqualTo(25.0);
        assertThat(overall("playback_failure_percentage", "")).isEqualTo(25.0);
        assertThat(overall("unique_viewers", "")).isEqualTo(3);
        assertThat(overall("ended_plays", "")).isEqualTo(2);
        assertThat(overall("fatal_errors", "")).isEqualTo(1);
    }

    @Test
    void startupTimeMedianAndPercentileInterpolate() {
        sendFourViewsAndFlush();

        assertThat(overall("video_startup_time", "")).isEqualTo(750.0);
        assertThat(overall("video_startup_time", "&measurement=95th")).isEqualTo(975.0);
        assertThat(overall("video_startup_time", "&measurement=avg")).isEqualTo(750.0);
    }

    @Test
    void rebufferRatiosAreRatiosOfSums() {
        sendFourViewsAndFlush();

        // watch time: clean 51 s, EBVS 5 s, VSF 2 s, rebuffering 20.5 s; play duration: clean 50 s, rebuffering 20 s
        assertThat(overall("rebuffer_percentage", "")).isCloseTo(100.0 * 2_000 / 78_500, within(1e-9));
        assertThat(overall("cirr", "")).isCloseTo(100.0 * 2_000 / 70_000, within(1e-9));
        assertThat(overall("buffering_ratio", "")).isCloseTo(100.0 * 2_000 / 70_000, within(1e-9));
        assertThat(overall("vrt_buffering_ratio", "")).isEqualTo(0.0);
        assertThat(overall("rebuffer_frequency", "")).isCloseTo(1 / (78_500 / 60_000.0), within(1e-9));
    }

    @Test
    void singleViewShowsItsOwnRebufferRatios() {
        sendFourViewsAndFlush();

        JsonNode view = server.get("/data/v1/video-views/rebuffer").json().path("data");

        assertThat(view.path("rebuffer_count").asInt()).isEqualTo(1);
        assertThat(view.path("rebuffer_duration").asLong()).isEqualTo(2_000);
        assertThat(Double.parseDouble(view.path("rebuffer_percentage").asText())).isCloseTo(100.0 * 2_000 / 20_500, within(1e-12));
        assertThat(Double.parseDouble(view.path("buffering_rate").asText())).isCloseTo(60_000.0 / 20_500, within(1e-12));
    }

    @Test
    void excludeFilterKeepsViewsWithoutTheDimension() {
        sendFourViewsAndFlush();

        double withTitle = overall("views", "&filters[]=video_title:Clean");
        double withoutTitle = overall("views", "&filters[]=%21video_title:Clean");

        assertThat(withTitle).isEqualTo(1);
        assertThat(withoutTitle).isEqualTo(3);
    }

    @Test
    void breakdownByVideoIdGivesOneRowPerVideo() {
        sendFourViewsAndFlush();

        JsonNode body = server.get("/data/v1/metrics/views/breakdown?group_by=video_id&order_by=field&order_direction=asc&" + WINDOW).json();

        assertThat(body.path("total_row_count").asLong()).isEqualTo(4);
        assertThat(body.path("data").findValuesAsText("field")).containsExactly("v-clean", "v-ebvs", "v-rebuffer", "v-vsf");
        assertThat(body.path("data").get(0).path("value").asDouble()).isEqualTo(1.0);
    }

    @Test
    void outOfOrderAndDuplicatedBeaconsGiveTheSameView() {
        clock.set(T0_MS + 62_000);
        // the first beacon is retried late: an SDK stamps each send attempt with its own transmission time
        String first = new BeaconBuilder(INGEST_KEY, T0_MS).view("shuffled").sentAt(62_000)
                .at(0, "viewstart", CLEAN_METADATA).at(0, "play").at(1_000, "playing").build();
        String second = new BeaconBuilder(INGEST_KEY, T0_MS).view("shuffled").sentAt(62_000)
                .event(4, 31_000, "pause", Map.of()).event(5, 41_000, "play", Map.of()).event(6, 41_100, "playing", Map.of())
                .event(7, 61_000, "ended", Map.of()).event(8, 62_000, "viewend", Map.of()).build();

        server.postBeacon(second);
        server.postBeacon(first);
        server.postBeacon(first);
        server.postBeacon(second);
        server.flush();

        JsonNode view = server.get("/data/v1/video-views/shuffled").json().path("data");
        assertThat(view.path("time_to_first_frame").asLong()).isEqualTo(1_000);
        assertThat(view.path("watch_time").asLong()).isEqualTo(51_000);
        assertThat(view.path("view_playing_time").asText()).isEqualTo("50000");
        assertThat(view.path("events")).hasSize(8);
    }

    @Test
    void deviceClockAnHourOffIsCorrected() {
        long hourMs = Duration.ofHours(1).toMillis();
        clock.set(T0_MS + 5_000);
        String body = new BeaconBuilder(INGEST_KEY, T0_MS + hourMs).view("skewed").sentAt(5_000)
                .at(0, "viewstart", Map.of("video_id", "v-skew")).at(0, "play").at(1_200, "playing").build();

        assertThat(server.postBeacon(body).status()).isEqualTo(200);
        server.flush();

        JsonNode view = server.get("/data/v1/video-views/skewed").json().path("data");
        assertThat(view.path("play_requested_at").asText()).isEqualTo(T0.toString());
        assertThat(view.path("time_to_first_frame").asLong()).isEqualTo(1_200);
    }

    @Test
    void missingViewendIsDroppedAfterTheTimeoutAndLateViewendUndropsIt() {
        clock.set(T0_MS + 20_000);
        String body = new BeaconBuilder(INGEST_KEY, T0_MS).view("silent").sentAt(20_000)
                .at(0, "viewstart", Map.of("video_id", "v-silent")).at(0, "play").at(1_000, "playing").at(20_000, "hb").build();
        server.postBeacon(body);
        server.flush();
        assertThat(overall("views", "&filters[]=view_dropped:true")).isZero();

        clock.advance(Duration.ofSeconds(121));
        server.flush();
        JsonNode dropped = server.get("/data/v1/video-views/silent").json().path("data");
        assertThat(dropped.path("view_dropped").asBoolean()).isTrue();
        assertThat(dropped.path("watch_time").asLong()).isEqualTo(20_000);
        assertThat(overall("views", "&filters[]=view_dropped:true")).isEqualTo(1);

        String late = new BeaconBuilder(INGEST_KEY, T0_MS).view("silent").sentAt(141_000)
                .event(5, 21_000, "viewend", Map.of()).build();
        server.postBeacon(late);
        server.flush();
        JsonNode reopened = server.get("/data/v1/video-views/silent").json().path("data");
        assertThat(reopened.path("view_dropped").asBoolean()).isFalse();
        assertThat(reopened.path("version").asLong()).isGreaterThan(dropped.path("version").asLong());
        assertThat(reopened.path("watch_time").asLong()).isEqualTo(21_000);
    }

    @Test
    void playingViewIsVisibleAsAConcurrentViewerBeforeItEnds() {
        clock.set(T0_MS + 10_000);
        server.postBeacon(new BeaconBuilder(INGEST_KEY, T0_MS).view("live").sentAt(10_000)
                .at(0, "viewstart", Map.of("video_id", "v-live", "video_stream_type", "live"))
                .at(0, "play").at(800, "playing").build());
        server.flush();

        JsonNode current = server.get("/data/v1/monitoring/metrics/current-concurrent-viewers").json();
        assertThat(current.path("data").path("value").asLong()).isEqualTo(1);
        JsonNode byType = server.get("/data/v1/monitoring/metrics/current-concurrent-viewers/breakdown?dimension=stream_type").json();
        assertThat(byType.path("data").get(0).path("value").asText()).isEqualTo("live");
        assertThat(byType.path("data").get(0).path("concurrent_viewers").asLong()).isEqualTo(1);
    }

    /**
     * metrics.md §1 (v2): one view's beacons reach the server with different network delays (800 ms, 0, 300 ms) and
     * out of order, from a device whose clock is 42 s behind. Durations are exact device-clock differences; the view
     * is placed by its least-delayed beacon.
     */
    @Test
    void beaconsOfOneViewWithDifferentNetworkDelaysGiveExactDurations() {
        long deviceBaseMs = T0_MS - 42_000;
        Map<String, Object> none = Map.of();
        String first = new BeaconBuilder(INGEST_KEY, deviceBaseMs).view("jitter").sentAt(100)
                .event(1, 0, "viewstart", Map.of("video_id", "v-jitter")).event(2, 100, "play", none).build();
        String second = new BeaconBuilder(INGEST_KEY, deviceBaseMs).view("jitter").sentAt(464)
                .event(3, 464, "playing", none).build();
        String third = new BeaconBuilder(INGEST_KEY, deviceBaseMs).view("jitter").sentAt(25_000)
                .event(4, 10_000, "waiting", none).event(5, 11_250, "playing", none)
                .event(6, 20_000, "pause", none).event(7, 25_000, "viewend", none).build();

        clock.set(T0_MS + 25_000 + 300);
        assertThat(server.postBeacon(third).status()).isEqualTo(200);
        clock.set(T0_MS + 100 + 800);
        assertThat(server.postBeacon(first).status()).isEqualTo(200);
        clock.set(T0_MS + 464);
        assertThat(server.postBeacon(second).status()).isEqualTo(200);
        clock.set(T0_MS + 26_000);
        server.flush();

        JsonNode view = server.get("/data/v1/video-views/jitter").json().path("data");
        assertThat(view.path("video_startup_time").asLong()).isEqualTo(364);
        assertThat(view.path("rebuffer_duration").asLong()).isEqualTo(1_250);
        assertThat(view.path("watch_time").asLong()).isEqualTo(19_900);
        assertThat(view.path("view_start").asText()).as("placed by the least-delayed beacon").isEqualTo("2026-11-20T12:00:00Z");
        assertThat(server.get("/data/v1/metrics/video_startup_time/overall?" + WINDOW).json()
                .path("data").path("value").asDouble()).isEqualTo(364.0);
    }
}
