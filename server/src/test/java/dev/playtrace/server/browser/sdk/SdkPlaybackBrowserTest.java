package dev.playtrace.server.browser.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.browser.support.MediaFixtures;
import dev.playtrace.server.browser.support.PageMeasurements;
import dev.playtrace.server.browser.support.PlayerPage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Playtrace's own SDK, served by the server at {@code /sdk/playtrace.js}, monitoring real playback of an HTML5
 * {@code <video>} and of hls.js in headless Chromium; each test holds the view the server stored against what the page
 * measured of its own {@code <video>} (tolerances in {@link SdkBrowserTestBase}).
 */
class SdkPlaybackBrowserTest extends SdkBrowserTestBase {
    private static PlayerPage sdkPage() {
        return sdkPage("html5");
    }

    @Test
    void html5Mp4PlayedWithAScriptedPauseAndSeekIsACleanStartedViewWithOneSeek() {
        PlayerPage page = sdkPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4, "videoId", "mp4-clean"));
        JsonNode started = page.call("play");
        page.call("playheadReaches", 2, 10_000);
        page.call("pause");
        page.call("sleep", 1_000);
        page.call("resume");
        page.call("playheadReaches", 4, 10_000);
        page.call("seek", 12);
        page.call("playheadReaches", 13.5, 10_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));
        JsonNode view = closedView("mp4-clean");
        report("mp4-clean", view, measured);

        assertThat(started.path("outcome").asText()).isEqualTo("playing");
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertThat(view.path("video_startup_time").asLong())
                .isCloseTo(startupFromPlayEventMs(measured), within(STARTUP_TOLERANCE_MS));
        assertThat(view.path("rebuffer_count").asInt()).isZero();
        assertThat(view.path("rebuffer_duration").asLong()).isZero();
        assertThat(view.path("view_seek_count").asInt()).isEqualTo(1);
        assertThat(measured.seekDurationsMs()).hasSize(1);
        assertThat(view.path("view_seek_duration").asLong())
                .isCloseTo(measured.seekDurationsMs().getFirst(), within(STALL_TOLERANCE_MS));
        assertThat(view.path("watch_time").asLong())
                .isCloseTo(measured.watchTimeMs(measured.finishAt()), within(WATCH_TOLERANCE_MS));
        assertThat(view.path("player_error_code").isNull()).isTrue();
        assertThat(view.path("error_count").asInt()).isZero();
        assertThat(view.path("playback_failure").asBoolean()).isFalse();
        assertThat(view.path("view_dropped").asBoolean()).isFalse();
        assertThat(view.path("rendition_change_count").asInt()).isZero();
        List<String> names = eventNames(view);
        assertThat(names.getFirst()).isEqualTo("viewstart");
        assertThat(names.getLast()).isEqualTo("viewend");
        assertThat(names.stream().filter(n -> n.equals("pause")).count()).isEqualTo(1);
        assertThat(names.stream().filter(n -> n.equals("seeking")).count()).isEqualTo(1);
        assertThat(names).doesNotContain("waiting", "rebufferstart", "error");
    }

    @Test
    void hlsJsLadderWithARenditionSwitchAndADelayedSegmentCountsOneRebufferAndOneRenditionChange() {
        pages.delay("/media/hls/r\\d+/seg_004\\.ts", 3_000);
        PlayerPage page = sdkPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.HLS_MASTER, "useHls", true,
                "level", 0, "videoId", "hls-stall",
                "hlsConfig", Map.of("maxBufferLength", 2, "maxMaxBufferLength", 2)));
        page.call("play");
        page.call("playheadReaches", 1, 10_000);
        page.call("switchLevel", 2);
        page.call("playheadReaches", 10.5, 30_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));
        JsonNode view = closedView("hls-stall");
        report("hls-stall", view, measured);

        assertThat(measured.stallDurationsMs()).as("the page saw one stall").hasSize(1);
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertThat(view.path("video_startup_time").asLong())
                .isCloseTo(startupFromPlayEventMs(measured), within(STARTUP_TOLERANCE_MS));
        assertThat(view.path("rebuffer_count").asInt()).as(timeline(view)).isEqualTo(1);
        assertThat(view.path("rebuffer_duration").asLong()).as(timeline(view) + "\npage: " + measured.snapshot())
                .isCloseTo(measured.stallDurationsMs().getFirst(), within(STALL_TOLERANCE_MS));
        assertThat(view.path("rendition_change_count").asInt()).isEqualTo(1);
        assertThat(view.path("view_seek_count").asInt()).isZero();
        assertThat(view.path("error_count").asInt()).isZero();
        assertThat(view.path("watch_time").asLong())
                .isCloseTo(measured.watchTimeMs(measured.finishAt()), within(WATCH_TOLERANCE_MS));
        long lowBps = MediaFixtures.RENDITIONS.get(0).bandwidthBps();
        long highBps = MediaFixtures.RENDITIONS.get(2).bandwidthBps();
        assertThat(view.path("weighted_average_bitrate").asDouble()).isStrictlyBetween((double) lowBps, (double) highBps);
        JsonNode viewstart = view.path("events").get(0).path("details");
        assertThat(viewstart.path("video_source_url").asText()).isEqualTo(pages.origin() + "/media/" + MediaFixtures.HLS_MASTER);
        assertThat(viewstart.path("player_software").asText()).isEqualTo("hls.js");
        assertThat(viewstart.path("player_mux_plugin_name").asText()).isEqualTo("playtrace-js");
    }

    @Test
    void hlsJsBrokenSegmentAfterStartIsAFatalErrorAfterTheFirstFrame() {
        pages.failWith("/media/hls/r\\d+/seg_003\\.ts", 404);
        PlayerPage page = sdkPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.HLS_MASTER, "useHls", true,
                "level", 0, "videoId", "hls-broken",
                "hlsConfig", Map.of("maxBufferLength", 2, "maxMaxBufferLength", 2, "fragLoadPolicy", quickFailure())));
        page.call("play");
        page.call("playheadReaches", 1, 10_000);
        JsonNode error = page.call("error", 30_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));
        JsonNode view = closedView("hls-broken");
        report("hls-broken", view, measured);

        assertThat(error.path("code").asText()).isEqualTo("hls:fragLoadError");
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertThat(view.path("playback_failure").asBoolean()).isTrue();
        assertThat(view.path("video_startup_failure").asBoolean()).isFalse();
        assertThat(view.path("player_error_code").asText()).isEqualTo("fragLoadError");
        assertThat(view.path("player_error_message").asText()).contains("HTTP 404");
        assertThat(view.path("error_count").asInt()).isEqualTo(1);
        // watch time stops at the fatal error, not at the view's end
        assertThat(view.path("watch_time").asLong()).isCloseTo(error.path("t").asLong() - measured.playRequestedAt(),
                within(WATCH_TOLERANCE_MS));
    }

    @Test
    void brokenSourceBeforeTheFirstFrameIsAVideoStartupFailure() {
        pages.failWith("/media/progressive\\.mp4", 404);
        PlayerPage page = sdkPage();
        // preload none: the source is fetched (and fails) after the play request, as when a viewer presses play
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4, "videoId", "mp4-vsf",
                "preload", "none"));
        JsonNode started = page.call("play");
        page.call("error", 5_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));
        JsonNode view = closedView("mp4-vsf");
        report("mp4-vsf", view, measured);

        assertThat(started.path("outcome").asText()).isEqualTo("error");
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("video_startup_failure");
        assertThat(eventNames(view)).containsExactly("viewstart", "playerready", "play", "error", "viewend");
        assertThat(view.path("video_startup_failure").asBoolean()).isTrue();
        assertThat(view.path("player_error_code").asText()).isEqualTo("4");
        assertThat(view.path("player_error_message").asText()).startsWith("MEDIA_ERR_SRC_NOT_SUPPORTED");
        assertThat(view.path("error_count").asInt()).isEqualTo(1);
        assertThat(view.path("video_startup_time").isNull()).isTrue();
        assertThat(view.path("first_frame_at").isNull()).isTrue();
    }

    @Test
    void aBusinessExceptionThePageReportsIsAFatalErrorFlaggedAsSuch() {
        PlayerPage page = sdkPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4, "videoId", "mp4-geo"));
        page.call("play");
        page.call("playheadReaches", 1, 10_000);
        page.call("reportError", "geo-blocked", "not available in your region",
                Map.of("fatal", true, "businessException", true));
        page.call("finish");
        JsonNode view = closedView("mp4-geo");

        assertThat(view.path("outcome").asText()).isEqualTo("started");
        assertThat(view.path("player_error_code").asText()).isEqualTo("geo-blocked");
        assertThat(view.path("player_error_message").asText()).isEqualTo("not available in your region");
        assertThat(view.path("playback_business_exception").asBoolean()).isTrue();
        assertThat(view.path("playback_failure").asBoolean()).as("a business exception is not a playback failure")
                .isFalse();
        assertThat(view.path("error_count").asInt()).isEqualTo(1);
    }

    @Test
    void leavingThePageEndsTheViewWithABeaconSoItIsNotDropped() {
        PlayerPage page = sdkPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4, "videoId", "mp4-leave"));
        page.call("play");
        page.call("playheadReaches", 2, 10_000);
        JsonNode measured = page.call("snapshot");
        browser.driver().get("about:blank"); // pagehide: viewend goes out with navigator.sendBeacon
        JsonNode view = closedView("mp4-leave");
        System.out.println("[sdk-browser] mp4-leave: " + timeline(view) + "; watch " + view.path("watch_time").asLong());

        assertThat(view.path("outcome").asText()).isEqualTo("started");
        assertThat(view.path("view_dropped").asBoolean()).isFalse();
        assertThat(eventNames(view).getLast()).isEqualTo("viewend");
        // watched: at least what had played when the page snapshot was taken, and the page left right after it
        long playedMs = Math.round(measured.path("currentTime").asDouble() * 1000);
        assertThat(view.path("watch_time").asLong()).as(timeline(view)).isBetween(playedMs, playedMs + 1_000);
    }

    /** hls.js gives up on a missing segment after one quick retry instead of ~30 s of backoff. */
    private static Map<String, Object> quickFailure() {
        Map<String, Object> retry = Map.of("maxNumRetry", 1, "retryDelayMs", 200, "maxRetryDelayMs", 200);
        Map<String, Object> noTimeoutRetry = Map.of("maxNumRetry", 0, "retryDelayMs", 0, "maxRetryDelayMs", 0);
        return Map.of("default", Map.of("maxTimeToFirstByteMs", 10_000, "maxLoadTimeMs", 20_000,
                "timeoutRetry", noTimeoutRetry, "errorRetry", retry));
    }
}
