package dev.playtrace.server.browser.muxembed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.browser.support.BrowserPlaytrace;
import dev.playtrace.server.browser.support.MediaFixtures;
import dev.playtrace.server.browser.support.PageMeasurements;
import dev.playtrace.server.browser.support.PageServer;
import dev.playtrace.server.browser.support.PlayerPage;
import dev.playtrace.server.support.HeadlessChromium;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Stock mux-embed 5.19.0 in headless Chromium, beaconing to a real Playtrace ({@code POST /} of
 * {@code http://localhost:<port>}), over media from {@link MediaFixtures}: the view Playtrace stores must have the
 * numbers the page measured itself.
 *
 * <p>Tolerances, all from one machine's clock: startup {@value #STARTUP_TOLERANCE_MS} ms against the page's
 * {@code play} event to {@code playing} (mux-embed stamps both in the same event handlers; the rest is per-beacon
 * clock correction: {@code viewstart} goes out in the first beacon, {@code play} often in the next, and each beacon
 * is shifted by its own send-to-receive time, 5-20 ms apart here once the server is warm, see
 * {@link BrowserPlaytrace#warmUp}; server startup came out 12-17 ms short of the page's), and no longer than from the page's {@code play()} call to
 * {@code playing} (the event follows the call by a task); stall and
 * seek durations {@value #STALL_TOLERANCE_MS} ms (mux-embed also detects stalls from the playhead, in 250 ms polls,
 * and those signals merge with {@code waiting}/{@code playing}); watch time {@value #WATCH_TOLERANCE_MS} ms.
 */
class MuxEmbedInBrowserTest {
    static final long STARTUP_TOLERANCE_MS = 50;
    static final long STALL_TOLERANCE_MS = 150;
    static final long WATCH_TOLERANCE_MS = 150;
    private static final Duration VIEW_WAIT = Duration.ofSeconds(15);

    private static PageServer pages;
    private static BrowserPlaytrace playtrace;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() {
        pages = PageServer.start();
        playtrace = BrowserPlaytrace.start();
        browser = HeadlessChromium.start();
        playtrace.warmUp(PlayerPage.userAgent(browser));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playtrace != null) {
            playtrace.close();
        }
        if (pages != null) {
            pages.close();
        }
    }

    @BeforeEach
    void reset() {
        pages.reset();
    }

    private PlayerPage page() {
        return PlayerPage.open(browser, pages.url("/pages/muxembed/player.html?beaconDomain=" + playtrace.beaconDomain()
                + "&envKey=" + RunningServer.INGEST_KEY));
    }

    private static Map<String, Object> hls(String videoId, Map<String, Object> hlsConfig) {
        Map<String, Object> options = new HashMap<>();
        options.put("src", pages.origin() + "/media/" + MediaFixtures.HLS_MASTER);
        options.put("useHls", true);
        options.put("level", 0);
        options.put("videoId", videoId);
        options.put("hlsConfig", hlsConfig);
        return options;
    }

    private static JsonNode closedView(String videoId) {
        return playtrace.awaitView(videoId, view -> view.path("closed").asBoolean(), VIEW_WAIT);
    }

    /**
     * Startup as stored against the page's two readings: from the {@code play} event the SDK stamps (within
     * {@value #STARTUP_TOLERANCE_MS} ms), and from the {@code play()} call, which it can be no longer than. The
     * {@code play} event comes a task or more after the call, however long the machine takes to run that task (over
     * 100 ms on a busy one), so that reading only bounds the stored startup from above.
     */
    private static void assertStartup(JsonNode view, PageMeasurements measured) {
        assertThat(view.path("time_to_first_frame").asLong())
                .isCloseTo(measured.playEventStartupMs(), within(STARTUP_TOLERANCE_MS));
        assertThat(view.path("time_to_first_frame").asLong())
                .isLessThanOrEqualTo(measured.startupMs() + STARTUP_TOLERANCE_MS);
    }

    @Test
    void progressiveMp4WithPauseAndSeek() {
        String videoId = "mux-mp4-clean";
        PlayerPage page = page();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4, "videoId", videoId));
        page.call("play");
        page.call("playheadReaches", 2, 10_000);
        page.call("pause");
        page.call("sleep", 1_000);
        page.call("resume");
        page.call("seek", 12);
        page.call("playheadReaches", 14, 10_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));

        assertThat(measured.beaconProblems()).isEmpty();
        JsonNode view = closedView(videoId);
        System.out.println(measured.compareWith(videoId, view));
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertStartup(view, measured);
        assertThat(view.path("rebuffer_count").asInt()).isZero();
        assertThat(view.path("view_seek_count").asInt()).isEqualTo(1);
        assertThat(measured.seekDurationsMs()).hasSize(1);
        assertThat(view.path("view_seek_duration").asLong())
                .isCloseTo(measured.seekDurationsMs().getFirst(), within(STALL_TOLERANCE_MS));
        assertThat(view.path("watch_time").asLong())
                .isCloseTo(measured.watchTimeMs(measured.finishAt()), within(WATCH_TOLERANCE_MS));
        assertThat(view.path("error_count").asInt()).isZero();
        assertThat(view.path("playback_failure").asBoolean()).isFalse();
        assertThat(view.path("video_id").asText()).isEqualTo(videoId);
        assertThat(view.path("player_name").asText()).isEqualTo("browser-test");
    }

    @Test
    void hlsDelayedSegmentStallsOnceAndLevelSwitchIsARenditionChange() {
        String videoId = "mux-hls-stall";
        long delayMs = 3_000;
        pages.delay("/media/hls/r240/seg_003\\.ts", delayMs);
        PlayerPage page = page();
        // a 2 s forward buffer: the delayed segment is asked for when the playhead is near it, so playback starves
        page.call("load", hls(videoId, Map.of("maxBufferLength", 2, "maxMaxBufferLength", 2)));
        page.call("play");
        page.call("playheadReaches", 9, 25_000);
        page.call("switchLevel", 2);
        page.call("playheadReaches", 13, 15_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));

        assertThat(measured.beaconProblems()).isEmpty();
        JsonNode view = closedView(videoId);
        System.out.println(measured.compareWith(videoId, view));
        assertThat(measured.stallDurationsMs()).as("page stalls").hasSize(1);
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertStartup(view, measured);
        assertThat(view.path("rebuffer_count").asInt()).as(view.toString()).isEqualTo(1);
        assertThat(view.path("rebuffer_duration").asLong())
                .isCloseTo(measured.stallDurationsMs().getFirst(), within(STALL_TOLERANCE_MS));
        assertThat(view.path("rendition_change_count").asInt()).isEqualTo(1);
        assertThat(view.path("watch_time").asLong())
                .isCloseTo(measured.watchTimeMs(measured.finishAt()), within(WATCH_TOLERANCE_MS));
        assertThat(view.path("error_count").asInt()).isZero();
    }

    @Test
    void missingMediaIsAVideoStartFailure() {
        String videoId = "mux-vsf";
        pages.failWith("/media/progressive\\.mp4", 404);
        PlayerPage page = page();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4, "videoId", videoId,
                "preload", "none"));
        JsonNode started = page.call("play");
        page.call("error", 5_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));

        assertThat(measured.beaconProblems()).isEmpty();
        JsonNode view = closedView(videoId);
        System.out.println(measured.compareWith(videoId, view));
        assertThat(started.path("outcome").asText()).isEqualTo("error");
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("video_startup_failure");
        assertThat(view.path("time_to_first_frame").isNull()).isTrue();
        assertThat(view.path("error_count").asInt()).isEqualTo(1);
        assertThat(view.path("player_error_code").asText()).isEqualTo("4");
        assertThat(view.path("playback_failure").asBoolean()).isTrue();
    }

    @Test
    void brokenSegmentAfterStartIsAPlaybackFailure() {
        String videoId = "mux-hls-failure";
        pages.failWith("/media/hls/r\\d+/seg_003\\.ts", 500);
        PlayerPage page = page();
        Map<String, Object> noRetry = Map.of("maxNumRetry", 0, "retryDelayMs", 0, "maxRetryDelayMs", 0);
        page.call("load", hls(videoId, Map.of("maxBufferLength", 2, "maxMaxBufferLength", 2,
                "fragLoadPolicy", Map.of("default", Map.of("maxTimeToFirstByteMs", 10_000, "maxLoadTimeMs", 20_000,
                        "timeoutRetry", noRetry, "errorRetry", noRetry)))));
        JsonNode started = page.call("play");
        JsonNode error = page.call("error", 20_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));

        assertThat(measured.beaconProblems()).isEmpty();
        JsonNode view = closedView(videoId);
        System.out.println(measured.compareWith(videoId, view));
        assertThat(started.path("outcome").asText()).isEqualTo("playing");
        assertThat(error.path("code").asText()).isEqualTo("hls:fragLoadError");
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertStartup(view, measured);
        assertThat(view.path("error_count").asInt()).isEqualTo(1);
        assertThat(view.path("playback_failure").asBoolean()).isTrue();
        assertThat(view.path("player_error_code").asText()).isNotEmpty();
    }
}
