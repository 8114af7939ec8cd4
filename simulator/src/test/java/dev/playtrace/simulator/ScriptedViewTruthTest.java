package dev.playtrace.simulator;

import dev.playtrace.model.ViewOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-picked views whose truth is computed by hand from metrics.md, scenario by scenario. */
class ScriptedViewTruthTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final Video EPISODE = Video.CATALOGUE.stream().filter(v -> v.id().equals("vid-ep-101"))
            .findFirst().orElseThrow();
    private static final Video LIVE = Video.CATALOGUE.stream().filter(Video::live).findFirst().orElseThrow();

    private static ViewSetup setup(String viewId) {
        return ViewSetup.simple("env-test", viewId, EPISODE);
    }

    @Test
    void startedViewWithStallBlipSeekPauseAndRenditionSwitchHasHandComputedPrimitivesAndScores() {
        SimulatedView view = ViewScript.begin(setup("v-full").withPlayerSize(1920, 1080, 3), T0)
                .play(500)
                .firstFrame(1_300)
                .stall(20_000, 1_500)                    // rebuffer
                .stall(30_000, 120)                      // blip: playing time
                .seek(40_000, 300, 800, 900_000, true)   // 800 ms seek buffering
                .pauseFor(50_000, 6_000, 80)             // paused 6 s; the 80 ms resume counts as playing
                .renditionChange(60_000, 4)
                .viewEnd(90_000)
                .build();
        TruthView truth = view.truth();

        assertThat(truth.outcome()).isEqualTo(ViewOutcome.STARTED);
        assertThat(truth.playRequestedAtMs()).isEqualTo(T0 + 500);
        assertThat(truth.firstFrameAtMs()).isEqualTo(T0 + 1_300);
        assertThat(truth.startupTimeMs()).isEqualTo(800);
        // playing: 1.3-20 s, 21.5-40 s (blip included), 40.8-50 s, 56-90 s
        assertThat(truth.playingTimeMs()).isEqualTo(18_700 + 18_500 + 9_200 + 34_000);
        assertThat(truth.rebufferCount()).isEqualTo(1);
        assertThat(truth.rebufferDurationMs()).isEqualTo(1_500);
        assertThat(truth.seekCount()).isEqualTo(1);
        assertThat(truth.seekBufferDurationMs()).isEqualTo(800);
        assertThat(truth.pausedTimeMs()).isEqualTo(6_000);
        assertThat(truth.watchTimeMs()).isEqualTo(90_000 - 500 - 6_000);
        assertThat(truth.playDurationMs()).isEqualTo(80_400 + 1_500 + 800);
        assertThat(truth.watchTimeMs()).isEqualTo(truth.startupTimeMs() + truth.playDurationMs());
        // 720p (2.8 Mbps) for 50.4 s of playing, 1080p (5.5 Mbps) for the last 30 s
        assertThat(truth.avgBitrateBps()).isCloseTo((2_800_000.0 * 50_400 + 5_500_000.0 * 30_000) / 80_400,
                within(1e-6));
        assertThat(truth.renditionChangeCount()).isEqualTo(1);
        // a 1920x1080 player upscales 720p by 0.5, 1080p not at all
        assertThat(truth.upscalePct()).isCloseTo(100 * 0.5 * 50_400 / 80_400, within(1e-9));
        assertThat(truth.maxUpscalePct()).isCloseTo(50.0, within(1e-9));
        assertThat(truth.ended()).isFalse();
        assertThat(truth.dropped()).isFalse();
        assertThat(truth.isEndedPlay()).isTrue();
        assertThat(truth.viewEndMs()).isEqualTo(T0 + 90_000);

        double startup = 100 * 8 / (8 + 0.8);
        double smoothness = (100 / Math.sqrt(1 + 0.25) + 100 * Math.exp(-10 * 1_500.0 / 83_500)) / 2;
        double quality = 100 * Math.exp(-0.33 * (0.15 * 0.5 + 0.85 * 0.5 * 50_400 / 80_400));
        double harmonic = 1 / (0.45 / smoothness + 0.35 / startup + 0.20 / quality);
        assertThat(truth.scores().playbackSuccessScore()).isEqualTo(100.0);
        assertThat(truth.scores().startupTimeScore()).isCloseTo(startup, within(1e-9));
        assertThat(truth.scores().smoothnessScore()).isCloseTo(smoothness, within(1e-9));
        assertThat(truth.scores().videoQualityScore()).isCloseTo(quality, within(1e-9));
        assertThat(truth.scores().viewerExperienceScore()).isCloseTo(harmonic, within(1e-9));
    }

    @Test
    void seekWhilePausedBuffersUntilSeekedAndSlowResumeIsARebuffer() {
        TruthView truth = ViewScript.begin(setup("v-paused-seek"), T0)
                .play(0)
                .firstFrame(1_000)
                .pause(10_000)
                .seekWhilePaused(12_000, 700, 300_000)   // seek buffering 12.0-12.7 s, not paused time
                .resume(20_000, 900)                     // 900 ms from the resume play to playing: a rebuffer
                .viewEnd(40_000)
                .build().truth();

        assertThat(truth.seekCount()).isEqualTo(1);
        assertThat(truth.seekBufferDurationMs()).isEqualTo(700);
        assertThat(truth.pausedTimeMs()).isEqualTo(10_000 - 700);
        assertThat(truth.rebufferCount()).isEqualTo(1);
        assertThat(truth.rebufferDurationMs()).isEqualTo(900);
        assertThat(truth.playingTimeMs()).isEqualTo(9_000 + 19_100);
        assertThat(truth.playDurationMs()).isEqualTo(28_100 + 900 + 700);
        assertThat(truth.watchTimeMs()).isEqualTo(40_000 - 9_300);
    }

    @Test
    void twoSeeksWithinTwoSecondsAreOneSeekBufferingFromTheFirstSeekingToPlaying() {
        TruthView truth = ViewScript.begin(setup("v-double-seek"), T0)
                .play(0)
                .firstFrame(500)
                .doubleSeek(10_000, 1_200, 2_000, 100_000, 200_000)
                .seek(20_000, 100, 400, 300_000, false)   // 8 s later: a second, separate seek
                .viewEnd(30_000)
                .build().truth();

        assertThat(truth.seekCount()).isEqualTo(2);
        assertThat(truth.seekBufferDurationMs()).isEqualTo(2_000 + 400);
        assertThat(truth.playingTimeMs()).isEqualTo(30_000 - 500 - 2_400);
    }

    @Test
    void exitBeforeVideoStartScoresFiftyUnlessTheViewerLeftWithinOneSecond() {
        TruthView patient = ViewScript.begin(setup("v-ebvs-slow"), T0)
                .play(2_000).waitingBeforeFirstFrame(4_000).viewEnd(9_000).build().truth();
        TruthView quick = ViewScript.begin(setup("v-ebvs-quick"), T0)
                .play(2_000).viewEnd(2_600).build().truth();

        assertThat(patient.outcome()).isEqualTo(ViewOutcome.EXIT_BEFORE_VIDEO_START);
        assertThat(patient.watchTimeMs()).isEqualTo(7_000);
        assertThat(patient.playDurationMs()).isZero();
        assertThat(patient.rebufferCount()).isZero();
        assertThat(patient.startupTimeMs()).isNull();
        assertThat(patient.avgBitrateBps()).isNull();
        assertThat(patient.scores().playbackSuccessScore()).isEqualTo(50.0);
        assertThat(patient.scores().viewerExperienceScore()).isEqualTo(50.0);
        assertThat(patient.scores().startupTimeScore()).isNull();
        assertThat(patient.isEndedPlay()).isFalse();

        assertThat(quick.outcome()).isEqualTo(ViewOutcome.EXIT_BEFORE_VIDEO_START);
        assertThat(quick.scores().playbackSuccessScore()).isNull();
        assertThat(quick.scores().viewerExperienceScore()).isNull();
    }

    @Test
    void exitBeforeVideoStartExactlyOneSecondAfterPlayRequestHasNoScoreAndOneMillisecondLaterHasFifty() {
        TruthView atOneSecond = ViewScript.begin(setup("v-ebvs-1000"), T0)
                .play(2_000).viewEnd(3_000).build().truth();
        TruthView justAfter = ViewScript.begin(setup("v-ebvs-1001"), T0)
                .play(2_000).viewEnd(3_001).build().truth();

        assertThat(atOneSecond.outcome()).isEqualTo(ViewOutcome.EXIT_BEFORE_VIDEO_START);
        assertThat(atOneSecond.viewEndMs() - atOneSecond.playRequestedAtMs()).isEqualTo(1_000);
        assertThat(atOneSecond.scores().playbackSuccessScore()).isNull();
        assertThat(atOneSecond.scores().viewerExperienceScore()).isNull();

        assertThat(justAfter.outcome()).isEqualTo(ViewOutcome.EXIT_BEFORE_VIDEO_START);
        assertThat(justAfter.scores().playbackSuccessScore()).isEqualTo(50.0);
        assertThat(justAfter.scores().viewerExperienceScore()).isEqualTo(50.0);
    }

    @Test
    void geoBlockBeforeFirstFrameIsABusinessExceptionStartupFailure() {
        TruthView truth = ViewScript.begin(setup("v-geo"), T0)
                .play(400)
                .fatalError(900, "GEO_BLOCKED", "not in your country", true)
                .viewEnd(3_000)
                .build().truth();

        assertThat(truth.outcome()).isEqualTo(ViewOutcome.VIDEO_STARTUP_FAILURE);
        assertThat(truth.fatalError().businessException()).isTrue();
        assertThat(truth.fatalError().beforeFirstFrame()).isTrue();
        assertThat(truth.fatalError().atMs()).isEqualTo(T0 + 900);
        assertThat(truth.watchTimeMs()).isEqualTo(500);
        assertThat(truth.viewEndMs()).isEqualTo(T0 + 900);
        assertThat(truth.errorCount()).isEqualTo(1);
        assertThat(truth.scores().playbackSuccessScore()).isEqualTo(0.0);
        assertThat(truth.scores().viewerExperienceScore()).isEqualTo(0.0);
        assertThat(truth.scores().startupTimeScore()).isNull();
    }

    @Test
    void fatalErrorAfterStartStopsWatchTimeAndRepeatedFatalErrorsAreAllCounted() {
        TruthView truth = ViewScript.begin(setup("v-fail"), T0)
                .play(0)
                .firstFrame(1_000)
                .warning(5_000, "fragLoadTimeOut", "retrying")
                .fatalError(30_000, "fragLoadError", "segment failed", false)
                .fatalError(30_200, "fragLoadError", "segment failed", false)
                .viewEnd(33_000)
                .build().truth();

        assertThat(truth.outcome()).isEqualTo(ViewOutcome.STARTED);
        assertThat(truth.isPlaybackFailureAfterStart()).isTrue();
        assertThat(truth.fatalError().beforeFirstFrame()).isFalse();
        assertThat(truth.watchTimeMs()).isEqualTo(30_000);
        assertThat(truth.playingTimeMs()).isEqualTo(29_000);
        assertThat(truth.errorCount()).isEqualTo(2);
        assertThat(truth.warningCount()).isEqualTo(1);
        assertThat(truth.isEndedPlay()).isFalse();
        assertThat(truth.scores().playbackSuccessScore()).isEqualTo(0.0);
        assertThat(truth.scores().viewerExperienceScore()).isEqualTo(0.0);
        assertThat(truth.scores().startupTimeScore()).isCloseTo(100 * 8 / 9.0, within(1e-9));
    }

    @Test
    void droppedViewEndsAtItsLastHeartbeat() {
        SimulatedView view = ViewScript.begin(setup("v-dropped"), T0)
                .play(1_000)
                .firstFrame(2_000)
                .drop(35_000)
                .build();
        TruthView truth = view.truth();

        List<String> events = view.events().stream().map(SimulatedEvent::event).toList();
        assertThat(events).containsExactly("viewstart", "play", "playing", "hb", "hb", "hb");
        assertThat(truth.lastEventAtMs()).isEqualTo(T0 + 32_000);
        assertThat(truth.viewEndMs()).isEqualTo(T0 + 32_000);
        assertThat(truth.watchTimeMs()).isEqualTo(31_000);
        assertThat(truth.playingTimeMs()).isEqualTo(30_000);
        assertThat(truth.dropped()).isTrue();
        assertThat(truth.isEndedPlay()).isFalse();
        assertThat(truth.scores().playbackSuccessScore()).isEqualTo(100.0);
    }

    @Test
    void endedViewExcludesTimeAfterEndedAndCountsAsEndedPlayEvenWhenDropped() {
        TruthView truth = ViewScript.begin(setup("v-ended"), T0)
                .play(0)
                .firstFrame(700)
                .ended(25_700)
                .drop(60_000)
                .build().truth();

        assertThat(truth.ended()).isTrue();
        assertThat(truth.dropped()).isTrue();
        assertThat(truth.isEndedPlay()).isTrue();
        assertThat(truth.watchTimeMs()).isEqualTo(25_700);
        assertThat(truth.viewEndMs()).isEqualTo(T0 + 25_700);
    }

    @Test
    void autoplayWithoutPlayEventRequestsPlayAtViewstart() {
        SimulatedView view = ViewScript.begin(ViewSetup.simple("env-test", "v-autoplay", LIVE), T0)
                .firstFrame(1_200)
                .viewEnd(31_200)
                .build();
        TruthView truth = view.truth();

        assertThat(truth.playRequestedAtMs()).isEqualTo(T0);
        assertThat(truth.startupTimeMs()).isEqualTo(1_200);
        assertThat(truth.watchTimeMs()).isEqualTo(31_200);
        assertThat(view.events().stream().map(SimulatedEvent::event).toList())
                .containsExactly("viewstart", "playing", "hb", "hb", "viewend");
    }

    @Test
    void viewWithoutPlayRequestIsNotAnAttempt() {
        TruthView truth = ViewScript.begin(setup("v-idle"), T0).viewEnd(25_000).build().truth();

        assertThat(truth.isAttempt()).isFalse();
        assertThat(truth.outcome()).isEqualTo(ViewOutcome.NO_PLAY_REQUEST);
        assertThat(truth.watchTimeMs()).isZero();
        assertThat(GroundTruth.metrics(List.of(truth)).views()).isZero();
    }

    @Test
    void groundTruthAggregatesHandPickedViews() {
        TruthView a = ViewScript.begin(setup("g-a"), T0).play(0).firstFrame(1_000).stall(10_000, 2_000)
                .viewEnd(61_000).build().truth();
        TruthView b = ViewScript.begin(setup("g-b").withViewer("user-1", "anon-b"), T0).play(0).firstFrame(3_000)
                .viewEnd(33_000).build().truth();
        TruthView c = ViewScript.begin(setup("g-c").withViewer("user-1", "anon-c"), T0).play(0).firstFrame(2_000)
                .ended(42_000).viewEnd(50_000).build().truth();
        TruthView d = ViewScript.begin(setup("g-d").withCountry("DE"), T0).play(0).viewEnd(5_000).build().truth();
        TruthView e = ViewScript.begin(setup("g-e").withCountry("DE"), T0).play(0)
                .fatalError(800, "GEO_BLOCKED", "geo", true).viewEnd(1_000).build().truth();
        GroundTruth truth = GroundTruth.of(List.of(a, b, c, d, e));

        ExpectedMetrics all = truth.overall();
        assertThat(all.get("views")).isEqualTo(5.0);
        assertThat(all.get("plays")).isEqualTo(3.0);
        assertThat(all.get("unique_viewers")).isEqualTo(4.0); // anon-g-a, user-1 (two devices), anon-g-d, anon-g-e
        assertThat(all.get("ended_plays")).isEqualTo(3.0);
        assertThat(all.get("exits_before_video_start")).isEqualTo(20.0);
        assertThat(all.get("video_startup_failure_percentage")).isEqualTo(20.0);
        assertThat(all.get("video_startup_business_exception_percentage")).isEqualTo(20.0);
        assertThat(all.get("playback_business_exception_percentage")).isEqualTo(20.0);
        assertThat(all.get("playback_failure_percentage")).isEqualTo(0.0);
        assertThat(all.get("video_playback_failure_percentage")).isEqualTo(0.0);
        assertThat(all.get("fatal_errors")).isEqualTo(1.0);
        // startup times 1000, 3000, 2000: median 2000, p95 at rank 1.9 of [1000, 2000, 3000]
        assertThat(all.get("video_startup_time")).isEqualTo(2_000.0);
        assertThat(all.get("video_startup_time", "avg")).isEqualTo(2_000.0);
        assertThat(all.get("video_startup_time", "95th")).isCloseTo(2_900.0, within(1e-9));
        assertThat(all.get("video_startup_time", "99th")).isCloseTo(2_980.0, within(1e-9));
        long watch = 61_000 + 33_000 + 42_000 + 5_000 + 800;
        assertThat(all.get("watch_time")).isEqualTo((double) watch);
        assertThat(all.get("rebuffer_percentage")).isCloseTo(100.0 * 2_000 / watch, within(1e-9));
        assertThat(all.get("rebuffer_frequency")).isCloseTo(1 / (watch / 60_000.0), within(1e-9));
        long playDuration = 60_000 + 30_000 + 40_000;
        assertThat(all.get("play_duration")).isEqualTo((double) playDuration);
        assertThat(all.get("cirr")).isCloseTo(100.0 * 2_000 / playDuration, within(1e-9));
        assertThat(all.get("buffering_ratio")).isCloseTo(all.get("cirr") + all.get("vrt_buffering_ratio"),
                within(1e-9));
        // rebuffer counts over the three started views: 1, 0, 0
        assertThat(all.get("rebuffer_count")).isEqualTo(0.0);
        assertThat(all.get("rebuffer_count", "avg")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(all.get("rebuffer_count", "95th")).isCloseTo(0.9, within(1e-9));
        assertThat(all.get("playback_success_score")).isCloseTo((100 + 100 + 100 + 50 + 0) / 5.0, within(1e-9));

        // concurrency: started views with first_frame_at <= t < end (a: 1-61 s, b: 3-33 s, c: 2-50 s)
        assertThat(truth.concurrentViewersAt(T0 + 10_000)).isEqualTo(3);
        assertThat(truth.concurrentViewersAt(T0 + 33_000)).isEqualTo(2);
        assertThat(truth.concurrentViewersAvg(T0, T0 + 60_000))
                .isCloseTo((59_000 + 30_000 + 48_000) / 60_000.0, within(1e-9));
        assertThat(truth.concurrentViewersMax(T0, T0 + 120_000)).isEqualTo(1); // sampled at 0 s and 60 s

        assertThat(truth.groupBy(dev.playtrace.model.Dimension.COUNTRY)).containsOnlyKeys("DE", "US");
        ExpectedMetrics germany = truth.groupBy(dev.playtrace.model.Dimension.COUNTRY).get("DE");
        assertThat(germany.get("views")).isEqualTo(2.0);
        assertThat(germany.get("plays")).isEqualTo(0.0);
        assertThat(germany.get("video_startup_time")).isNull();
        assertThat(germany.get("video_playback_failure_percentage")).isNull();
        assertThat(germany.get("cirr")).isNull();
    }
}
