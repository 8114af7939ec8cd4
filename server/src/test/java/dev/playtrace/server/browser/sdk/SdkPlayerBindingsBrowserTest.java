package dev.playtrace.server.browser.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.browser.support.MediaFixtures;
import dev.playtrace.server.browser.support.PageMeasurements;
import dev.playtrace.server.browser.support.PlayerPage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The SDK's Shaka Player, dash.js and video.js bindings on real playback in headless Chromium (the libraries from npm, the
 * media from {@link MediaFixtures}); the stored view is held against the page's own measurements (tolerances in
 * {@link SdkBrowserTestBase}).
 */
class SdkPlayerBindingsBrowserTest extends SdkBrowserTestBase {
    @Test
    void shakaPlayingTheHlsLadderWithAVariantSwitchAndADelayedSegmentCountsOneRebufferAndOneRenditionChange() {
        pages.delay("/media/hls/r720/seg_004\\.ts", 5_000);
        PlayerPage page = sdkPage("shaka");
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.HLS_MASTER, "videoId", "shaka-stall"));
        page.call("play");
        page.call("playheadReaches", 1, 10_000);
        page.call("selectHeight", 720);
        page.call("playheadReaches", 10.5, 30_000);
        // Shaka stalls at playbackRate 0 (no waiting/playing on the element): the page measures its buffering events
        JsonNode shakaStalls = page.call("playerStalls");
        PageMeasurements measured = new PageMeasurements(page.call("finish"));
        JsonNode view = closedView("shaka-stall");
        report("shaka-stall", view, measured);
        System.out.println("[sdk-browser] shaka-stall: Shaka's own buffering intervals: " + shakaStalls);

        assertThat(shakaStalls).as("Shaka reported one stall").hasSize(1);
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertThat(view.path("video_startup_time").asLong())
                .isCloseTo(startupFromPlayEventMs(measured), within(STARTUP_TOLERANCE_MS));
        assertThat(view.path("rebuffer_count").asInt()).as(timeline(view)).isEqualTo(1);
        assertThat(view.path("rebuffer_duration").asLong()).as(timeline(view))
                .isCloseTo(shakaStalls.get(0).path("durationMs").asLong(), within(STALL_TOLERANCE_MS));
        assertThat(view.path("rendition_change_count").asInt()).as(timeline(view)).isEqualTo(1);
        assertThat(view.path("error_count").asInt()).isZero();
        assertThat(view.path("watch_time").asLong())
                .isCloseTo(measured.watchTimeMs(measured.finishAt()), within(WATCH_TOLERANCE_MS));
        JsonNode viewstart = view.path("events").get(0).path("details");
        assertThat(viewstart.path("player_software").asText()).isEqualTo("shaka-player");
        assertThat(viewstart.path("video_source_url").asText()).isEqualTo(pages.origin() + "/media/" + MediaFixtures.HLS_MASTER);
    }

    @Test
    void dashJsWithADelayedSegmentCountsOneRebuffer() {
        String manifest = DashFixture.manifest();
        // audio too: Chrome plays through missing video (a frozen frame) as long as audio goes on
        pages.delay("/media/" + DashFixture.DIR + "/chunk-\\d-00005\\.m4s", 6_000);
        PlayerPage page = sdkPage("dash");
        page.call("load", Map.of("src", pages.origin() + "/media/" + manifest, "videoId", "dash-stall"));
        page.call("play");
        page.call("playheadReaches", 11, 30_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));
        JsonNode view = closedView("dash-stall");
        report("dash-stall", view, measured);
        assertThat(pages.requests("/media/" + DashFixture.videoSegment(5))).hasSize(1);
        assertThat(measured.stallDurationsMs()).as("the page saw one stall").hasSize(1);
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertThat(view.path("video_startup_time").asLong())
                .isCloseTo(startupFromPlayEventMs(measured), within(STARTUP_TOLERANCE_MS));
        assertThat(view.path("rebuffer_count").asInt()).as(timeline(view)).isEqualTo(1);
        assertThat(view.path("rebuffer_duration").asLong()).as(timeline(view))
                .isCloseTo(measured.stallDurationsMs().getFirst(), within(STALL_TOLERANCE_MS));
        assertThat(view.path("rendition_change_count").asInt()).isZero();
        assertThat(view.path("error_count").asInt()).isZero();
        assertThat(view.path("watch_time").asLong())
                .isCloseTo(measured.watchTimeMs(measured.finishAt()), within(WATCH_TOLERANCE_MS));
        assertThat(view.path("events").get(0).path("details").path("player_software").asText()).isEqualTo("dash.js");
    }

    @Test
    void videojsPlayingTheMp4WithAScriptedPauseAndSeekIsACleanStartedViewWithOneSeek() {
        PlayerPage page = sdkPage("videojs");
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4, "videoId", "videojs-clean"));
        JsonNode started = page.call("play");
        page.call("playheadReaches", 2, 10_000);
        page.call("pause");
        page.call("sleep", 1_000);
        page.call("resume");
        page.call("seek", 12);
        page.call("playheadReaches", 13.5, 10_000);
        PageMeasurements measured = new PageMeasurements(page.call("finish"));
        JsonNode view = closedView("videojs-clean");
        report("videojs-clean", view, measured);

        assertThat(started.path("outcome").asText()).isEqualTo("playing");
        assertThat(view.path("outcome").asText()).as(view.toString()).isEqualTo("started");
        assertThat(view.path("video_startup_time").asLong())
                .isCloseTo(startupFromPlayEventMs(measured), within(STARTUP_TOLERANCE_MS));
        assertThat(view.path("rebuffer_count").asInt()).as(timeline(view)).isZero();
        assertThat(view.path("view_seek_count").asInt()).as(timeline(view)).isEqualTo(1);
        assertThat(view.path("view_seek_duration").asLong())
                .isCloseTo(measured.seekDurationsMs().getFirst(), within(STALL_TOLERANCE_MS));
        assertThat(view.path("watch_time").asLong())
                .isCloseTo(measured.watchTimeMs(measured.finishAt()), within(WATCH_TOLERANCE_MS));
        assertThat(view.path("error_count").asInt()).isZero();
        assertThat(eventNames(view).stream().filter(name -> name.equals("pause")).count()).isEqualTo(1);
        assertThat(view.path("events").get(0).path("details").path("player_software").asText()).isEqualTo("video.js");
    }
}
