package dev.playtrace.ingest.session;

import dev.playtrace.model.BeaconFields;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.EventName;
import dev.playtrace.model.FatalError;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;
import org.junit.jupiter.api.Test;

import static dev.playtrace.ingest.session.EventScript.T0;
import static dev.playtrace.ingest.session.EventScript.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** One scenario per test, asserting the numbers a user would see. */
class ViewCalculatorTest {
    private static final double STARTUP_SCORE_1S = 100.0 * 8 / 9;

    @Test
    void cleanPlayToTheEnd() {
        View view = calculate(view("clean")
                .at(0).viewstart()
                .with("video_id", "video-7").with("video_title", "Launch")
                .with("video_stream_type", "on-demand").with("player_name", "web")
                .with(BeaconFields.MUX_VIEWER_ID, "anon-1").with("country_code", "KR")
                .with(BeaconFields.PLAYER_WIDTH, 1280L).with(BeaconFields.PLAYER_HEIGHT, 720L)
                .at(0).renditionchange(2_500_000, 1280, 720)
                .at(100).play().with(BeaconFields.VIEWER_USER_ID, "user-9")
                .at(1_100).playing()
                .at(30_000).heartbeat().with("video_title", "Launch (renamed)")
                .at(61_100).ended()
                .at(62_000).viewend());

        assertThat(view.outcome()).isEqualTo(ViewOutcome.STARTED);
        assertThat(view.viewStartMs()).isEqualTo(T0);
        assertThat(view.playRequestedAtMs()).isEqualTo(T0 + 100);
        assertThat(view.firstFrameAtMs()).isEqualTo(T0 + 1_100);
        assertThat(view.startupTimeMs()).isEqualTo(1_000);
        assertThat(view.playingTimeMs()).isEqualTo(60_000);
        assertThat(view.rebufferCount()).isZero();
        assertThat(view.rebufferDurationMs()).isZero();
        assertThat(view.seekCount()).isZero();
        assertThat(view.seekBufferDurationMs()).isZero();
        assertThat(view.watchTimeMs()).isEqualTo(61_000);
        assertThat(view.playDurationMs()).isEqualTo(60_000);
        assertThat(view.avgBitrateBps()).isEqualTo(2_500_000.0);
        assertThat(view.renditionChangeCount()).isZero();
        assertThat(view.upscalePct()).isEqualTo(0.0);
        assertThat(view.maxUpscalePct()).isEqualTo(0.0);
        assertThat(view.viewEndMs()).isEqualTo(T0 + 62_000);
        assertThat(view.lastEventAtMs()).isEqualTo(T0 + 62_000);
        assertThat(view.ended()).isTrue();
        assertThat(view.closed()).isTrue();
        assertThat(view.dropped()).isFalse();
        assertThat(view.isEndedPlay()).isTrue();
        assertThat(view.fatalError()).isNull();
        assertThat(view.errorCount()).isZero();
        assertThat(view.eventCount()).isEqualTo(7);
        assertThat(view.viewerId()).isEqualTo("user-9");
        assertThat(view.dimensionValue(Dimension.VIDEO_ID)).isEqualTo("video-7");
        assertThat(view.dimensionValue(Dimension.VIDEO_TITLE)).isEqualTo("Launch (renamed)");
        assertThat(view.dimensionValue(Dimension.STREAM_TYPE)).isEqualTo("on-demand");
        assertThat(view.dimensionValue(Dimension.COUNTRY)).isEqualTo("KR");
        assertThat(view.dimensionValue(Dimension.VIEWER_USER_ID)).isEqualTo("user-9");
        assertThat(view.dimensionValue(Dimension.EXIT_BEFORE_VIDEO_START)).isEqualTo("false");
        assertScores(view.scores(), 100.0, STARTUP_SCORE_1S, 100.0, 100.0, 95.80838323353292);
    }

    @Test
    void startupThenExitIsAnExitBeforeVideoStart() {
        View view = calculate(view("ebvs")
                .at(0).viewstart()
                .at(500).play()
                .at(5_500).heartbeat()
                .at(8_500).viewend());

        assertThat(view.outcome()).isEqualTo(ViewOutcome.EXIT_BEFORE_VIDEO_START);
        assertThat(view.isAttempt()).isTrue();
        assertThat(view.playRequestedAtMs()).isEqualTo(T0 + 500);
        assertThat(view.firstFrameAtMs()).isNull();
        assertThat(view.startupTimeMs()).isNull();
        assertThat(view.watchTimeMs()).isEqualTo(8_000);
        assertThat(view.playDurationMs()).isZero();
        assertThat(view.avgBitrateBps()).isNull();
        assertThat(view.upscalePct()).isNull();
        assertThat(view.viewEndMs()).isEqualTo(T0 + 8_500);
        assertThat(view.dimensionValue(Dimension.EXIT_BEFORE_VIDEO_START)).isEqualTo("true");
        assertScores(view.scores(), 50.0, null, null, null, 50.0);
    }

    @Test
    void exitWithinOneSecondOfThePlayRequestHasNoPlaybackScore() {
        View leftAfter1000Ms = calculate(view("ebvs-fast").at(0).play().at(1_000).viewend());
        View leftAfter1001Ms = calculate(view("ebvs-slow").at(0).play().at(1_001).viewend());

        assertThat(leftAfter1000Ms.outcome()).isEqualTo(ViewOutcome.EXIT_BEFORE_VIDEO_START);
        assertThat(leftAfter1000Ms.watchTimeMs()).isEqualTo(1_000);
        assertThat(leftAfter1000Ms.scores()).isEqualTo(ViewScores.NONE);
        assertScores(leftAfter1001Ms.scores(), 50.0, null, null, null, 50.0);
    }

    @Test
    void fatalErrorBeforeTheFirstFrameIsAVideoStartupFailure() {
        View view = calculate(view("vsf")
                .at(0).play()
                .at(3_000).fatalError("manifest_404", "Manifest not found")
                .at(5_000).viewend());

        assertThat(view.outcome()).isEqualTo(ViewOutcome.VIDEO_STARTUP_FAILURE);
        assertThat(view.fatalError()).isEqualTo(new FatalError("manifest_404", "Manifest not found", false, true, T0 + 3_000));
        assertThat(view.errorCount()).isEqualTo(1);
        assertThat(view.watchTimeMs()).isEqualTo(3_000);
        assertThat(view.viewEndMs()).as("playback ended at the fatal error").isEqualTo(T0 + 3_000);
        assertThat(view.dimensionValue(Dimension.VIDEO_STARTUP_FAILURE)).isEqualTo("true");
        assertThat(view.dimensionValue(Dimension.PLAYBACK_FAILURE)).isEqualTo("true");
        assertThat(view.dimensionValue(Dimension.VIDEO_STARTUP_BUSINESS_EXCEPTION)).isEqualTo("false");
        assertThat(view.dimensionValue(Dimension.ERROR_CODE)).isEqualTo("manifest_404");
        assertScores(view.scores(), 0.0, null, null, null, 0.0);
    }

    @Test
    void businessExceptionBeforeTheFirstFrameIsAVideoStartupFailureToo() {
        View view = calculate(view("vsf-business")
                .at(0).play()
                .at(700).businessExceptionError("geo_blocked", "Not available in your country")
                .at(2_000).viewend());

        assertThat(view.outcome()).isEqualTo(ViewOutcome.VIDEO_STARTUP_FAILURE);
        assertThat(view.fatalError().businessException()).isTrue();
        assertThat(view.dimensionValue(Dimension.VIDEO_STARTUP_BUSINESS_EXCEPTION)).isEqualTo("true");
        assertThat(view.dimensionValue(Dimension.PLAYBACK_BUSINESS_EXCEPTION)).isEqualTo("true");
        assertThat(view.dimensionValue(Dimension.PLAYBACK_FAILURE)).isEqualTo("false");
        assertScores(view.scores(), 0.0, null, null, null, 0.0);
    }

    @Test
    void playRequestAfterAFatalLoadErrorIsAVideoStartupFailure() {
        View view = calculate(view("vsf-on-load")
                .at(0).viewstart()
                .at(200).fatalError("manifest_404", "Manifest not found")
                .at(4_000).play()
                .at(6_000).viewend());

        assertThat(view.outcome()).isEqualTo(ViewOutcome.VIDEO_STARTUP_FAILURE);
        assertThat(view.isAttempt()).isTrue();
        assertThat(view.playRequestedAtMs()).isEqualTo(T0 + 4_000);
        assertThat(view.watchTimeMs()).isZero();
        assertThat(view.viewEndMs()).isEqualTo(T0 + 6_000);
    }

    @Test
    void fatalLoadErrorWithoutPlayRequestIsNoAttempt() {
        View view = calculate(view("error-no-play").at(0).viewstart().at(200).fatalError("drm", "License denied"));

        assertThat(view.outcome()).isEqualTo(ViewOutcome.NO_PLAY_REQUEST);
        assertThat(view.fatalError().code()).isEqualTo("drm");
        assertThat(view.viewEndMs()).isEqualTo(T0 + 200);
        assertThat(view.scores()).isEqualTo(ViewScores.NONE);
    }

    @Test
    void fatalErrorAfterStartStopsWatchTimeAtTheError() {
        View view = calculate(view("vpf")
                .at(0).play()
                .at(1_000).playing()
                .at(20_000).warning("frag_retry")
                .at(31_000).fatalError("decode", "Decoder crashed")
                .at(40_000).heartbeat());

        assertThat(view.outcome()).isEqualTo(ViewOutcome.STARTED);
        assertThat(view.fatalError()).isEqualTo(new FatalError("decode", "Decoder crashed", false, false, T0 + 31_000));
        assertThat(view.errorCount()).isEqualTo(1);
        assertThat(view.warningCount()).isEqualTo(1);
        assertThat(view.playingTimeMs()).isEqualTo(30_000);
        assertThat(view.watchTimeMs()).isEqualTo(31_000);
        assertThat(view.playDurationMs()).isEqualTo(30_000);
        assertThat(view.viewEndMs()).isEqualTo(T0 + 31_000);
        assertThat(view.closed()).isFalse();
        assertThat(view.isEndedPlay()).isFalse();
        assertScores(view.scores(), 0.0, STARTUP_SCORE_1S, 100.0, null, 0.0);
    }

    @Test
    void aFailedPlayerReportingItsFailureAgainIsOneFailureWithTheLaterCode() {
        // as hls.js and dash.js report over CMCD: the fatal state (sta=f, no code), then the error event with its code
        View view = calculate(view("cmcd-fatal")
                .at(0).play()
                .at(1_000).playing()
                .at(5_000).event(EventName.ERROR)
                .at(5_002).fatalError("fragLoadError", "fragment load failed")
                .at(6_000).viewend());

        assertThat(view.errorCount()).isEqualTo(1);
        assertThat(view.fatalError()).isEqualTo(new FatalError("fragLoadError", "fragment load failed", false, false, T0 + 5_000));
        assertThat(view.watchTimeMs()).isEqualTo(5_000);
    }

    @Test
    void repeatedCodedFatalErrorsEachCountAsFatalErrorEvents() {
        View view = calculate(view("repeats")
                .at(0).play()
                .at(1_000).playing()
                .at(5_000).fatalError("decode", "first")
                .at(5_100).fatalError("decode", "again"));

        assertThat(view.errorCount()).isEqualTo(2);
        assertThat(view.fatalError().message()).isEqualTo("first");
        assertThat(view.watchTimeMs()).isEqualTo(5_000);
    }

    @Test
    void aFatalErrorAfterPlaybackRecoveredIsASecondFailure() {
        View view = calculate(view("two-failures")
                .at(0).play()
                .at(1_000).playing()
                .at(5_000).fatalError("decode", "first")
                .at(7_000).playing()
                .at(9_000).fatalError("decode", "second"));

        assertThat(view.errorCount()).isEqualTo(2);
        assertThat(view.fatalError().message()).isEqualTo("first");
    }

    @Test
    void rebufferCountsStallsButAStallUnder250MsIsPlaying() {
        View view = calculate(view("rebuffer")
                .at(0).play()
                .at(1_000).playing()
                .at(11_000).waiting()
                .at(13_000).playing()
                .at(21_000).waiting()
                .at(21_200).playing()
                .at(31_000).ended()
                .at(31_000).viewend());

        assertThat(view.rebufferCount()).isEqualTo(1);
        assertThat(view.rebufferDurationMs()).isEqualTo(2_000);
        assertThat(view.playingTimeMs()).isEqualTo(28_000);
        assertThat(view.playDurationMs()).isEqualTo(30_000);
        assertThat(view.watchTimeMs()).isEqualTo(31_000);
        assertScores(view.scores(), 100.0, STARTUP_SCORE_1S, 70.9502558469957, null, 77.82122482216747);
    }

    @Test
    void lateRebufferSignalsWithEarlierTimestampsMergeWithTheWaitingStall() {
        // the order mux-embed sends them in: waiting, playing, then rebufferstart/rebufferend stamped earlier
        View view = calculate(view("mux-stall")
                .at(0).play()
                .at(1_000).playing()
                .at(11_000).waiting()
                .at(12_000).playing()
                .rebufferstartStampedAt(10_700)
                .rebufferendStampedAt(11_500)
                .at(20_000).pause()
                .at(25_000).viewend());

        assertThat(view.rebufferCount()).isEqualTo(1);
        assertThat(view.rebufferDurationMs()).isEqualTo(1_300);
        assertThat(view.playingTimeMs()).isEqualTo(17_700);
        assertThat(view.playDurationMs()).isEqualTo(19_000);
        assertThat(view.watchTimeMs()).isEqualTo(20_000);
        assertThat(view.lastEventAtMs()).isEqualTo(T0 + 25_000);
    }

    @Test
    void stallReaching300SecondsClosesTheViewThere() {
        View view = calculate(view("stall-300s")
                .at(0).play()
                .at(1_000).playing()
                .at(10_000).waiting()
                .at(100_000).heartbeat()
                .at(200_000).heartbeat()
                .at(320_000).heartbeat()
                .at(400_000).viewend());

        assertThat(view.rebufferCount()).isEqualTo(1);
        assertThat(view.rebufferDurationMs()).isEqualTo(300_000);
        assertThat(view.playingTimeMs()).isEqualTo(9_000);
        assertThat(view.watchTimeMs()).isEqualTo(310_000);
        assertThat(view.viewEndMs()).isEqualTo(T0 + 310_000);
        assertThat(view.closed()).isTrue();
        assertThat(view.dropped()).isTrue();
        assertThat(view.isEndedPlay()).isFalse();
        assertScores(view.scores(), 100.0, STARTUP_SCORE_1S, 44.72449370289371, null, 57.14652773060634);
    }

    @Test
    void stallStillUnder300SecondsKeepsAnOpenViewOpen() {
        View view = calculate(view("stalling")
                .at(0).play()
                .at(1_000).playing()
                .at(10_000).waiting()
                .at(309_999).heartbeat());

        assertThat(view.closed()).isFalse();
        assertThat(view.rebufferDurationMs()).isEqualTo(299_999);
        assertThat(view.viewEndMs()).isEqualTo(T0 + 309_999);
    }

    @Test
    void seekWhilePlayingBuffersUntilPlaying() {
        View view = calculate(view("seek-playing")
                .at(0).play()
                .at(1_000).playing()
                .at(10_000).seeking()
                .at(10_100).waiting()
                .at(10_300).seeked()
                .at(10_800).playing()
                .at(20_000).ended()
                .at(20_000).viewend());

        assertThat(view.seekCount()).isEqualTo(1);
        assertThat(view.seekBufferDurationMs()).isEqualTo(800);
        assertThat(view.rebufferCount()).isZero();
        assertThat(view.playingTimeMs()).isEqualTo(18_200);
        assertThat(view.playDurationMs()).isEqualTo(19_000);
        assertThat(view.watchTimeMs()).isEqualTo(20_000);
    }

    @Test
    void seekWhilePausedBuffersUntilSeeked() {
        View view = calculate(view("seek-paused")
                .at(0).play()
                .at(1_000).playing()
                .at(10_000).pause()
                .at(15_000).seeking()
                .at(15_400).seeked()
                .at(20_000).play()
                .at(20_100).playing()
                .at(30_000).viewend());

        assertThat(view.seekCount()).isEqualTo(1);
        assertThat(view.seekBufferDurationMs()).isEqualTo(400);
        assertThat(view.rebufferCount()).isZero();
        assertThat(view.playingTimeMs()).isEqualTo(19_000);
        assertThat(view.playDurationMs()).isEqualTo(19_400);
        assertThat(view.watchTimeMs()).isEqualTo(20_400);
    }

    @Test
    void seeksWithinTwoSecondsOfEachOtherAreOneSeek() {
        View view = calculate(view("scrub")
                .at(0).play()
                .at(1_000).playing()
                .at(10_000).seeking()
                .at(10_500).playing()
                .at(12_000).seeking()
                .at(12_300).playing()
                .at(20_000).seeking()
                .at(20_200).playing()
                .at(30_000).viewend());

        assertThat(view.seekCount()).isEqualTo(2);
        assertThat(view.seekBufferDurationMs()).isEqualTo(1_000);
        assertThat(view.playingTimeMs()).isEqualTo(28_000);
        assertThat(view.playDurationMs()).isEqualTo(29_000);
    }

    @Test
    void seekingAndStallingBeforeTheFirstFrameIsStartup() {
        View view = calculate(view("startup-seek")
                .at(0).play()
                .at(200).seeking()
                .at(300).waiting()
                .at(900).seeked()
                .at(1_500).playing()
                .at(11_500).viewend());

        assertThat(view.startupTimeMs()).isEqualTo(1_500);
        assertThat(view.seekCount()).isZero();
        assertThat(view.seekBufferDurationMs()).isZero();
        assertThat(view.rebufferCount()).isZero();
        assertThat(view.playingTimeMs()).isEqualTo(10_000);
        assertThat(view.watchTimeMs()).isEqualTo(11_500);
    }

    @Test
    void pauseIsLeftOutOfWatchTimeAndAResumeStallsUntilPlaying() {
        View view = calculate(view("pause-resume")
                .at(0).play()
                .at(2_000).playing()
                .at(12_000).pause()
                .at(42_000).play()
                .at(42_100).playing()
                .at(50_000).pause()
                .at(60_000).play()
                .at(60_500).playing()
                .at(70_000).viewend());

        assertThat(view.rebufferCount()).isEqualTo(1);
        assertThat(view.rebufferDurationMs()).isEqualTo(500);
        assertThat(view.playingTimeMs()).isEqualTo(27_500);
        assertThat(view.playDurationMs()).isEqualTo(28_000);
        assertThat(view.watchTimeMs()).isEqualTo(30_000);
    }

    @Test
    void bitrateAndUpscaleAreWeightedByPlayingTime() {
        View view = calculate(view("renditions")
                .at(0).viewstart().with(BeaconFields.PLAYER_WIDTH, 1280L).with(BeaconFields.PLAYER_HEIGHT, 720L)
                .at(0).renditionchange(1_000_000, 640, 360)
                .at(100).play()
                .at(1_100).playing()
                .at(31_100).renditionchange(3_000_000, 1280, 720)
                .at(41_100).waiting()
                .at(51_100).playing()
                .at(55_000).renditionchange(3_000_000, 1280, 720)
                .at(61_100).ended()
                .at(61_100).viewend());

        assertThat(view.playingTimeMs()).isEqualTo(50_000);
        assertThat(view.rebufferDurationMs()).isEqualTo(10_000);
        // 30 s at 1 Mbps (upscaled 2x) and 20 s at 3 Mbps (native); the stall at 3 Mbps weighs nothing
        assertThat(view.avgBitrateBps()).isEqualTo(1_800_000.0);
        assertThat(view.upscalePct()).isCloseTo(60.0, within(1e-9));
        assertThat(view.maxUpscalePct()).isEqualTo(100.0);
        assertThat(view.renditionChangeCount()).isEqualTo(1);
        assertScores(view.scores(), 100.0, STARTUP_SCORE_1S, 54.4267237516292, 80.4286282838474, 68.06344676235136);
    }

    @Test
    void endedTimeIsLeftOutAndAReplayRestarts() {
        View view = calculate(view("replay")
                .at(0).play()
                .at(1_000).playing()
                .at(31_000).ended()
                .at(41_000).play()
                .at(41_200).playing()
                .at(71_200).ended()
                .at(80_000).viewend());

        assertThat(view.ended()).isTrue();
        assertThat(view.rebufferCount()).isZero();
        assertThat(view.playingTimeMs()).isEqualTo(60_200);
        assertThat(view.watchTimeMs()).isEqualTo(61_200);
        assertThat(view.playDurationMs()).isEqualTo(60_200);
        assertThat(view.viewEndMs()).isEqualTo(T0 + 80_000);
    }

    @Test
    void missingViewendAfterTimeoutIsDroppedButAnEndedViewStaysAnEndedPlay() {
        EventScript script = view("no-viewend")
                .at(0).play()
                .at(1_000).playing()
                .at(61_000).ended();

        View view = ViewCalculator.calculate(script.events(), ViewClosure.TIMED_OUT, 1);

        assertThat(view.closed()).isTrue();
        assertThat(view.dropped()).isTrue();
        assertThat(view.ended()).isTrue();
        assertThat(view.isEndedPlay()).isTrue();
        assertThat(view.viewEndMs()).isEqualTo(T0 + 61_000);
        assertThat(view.watchTimeMs()).isEqualTo(61_000);
        assertThat(view.dimensionValue(Dimension.VIEW_DROPPED)).isEqualTo("true");
    }

    @Test
    void droppedStartedViewWithoutEndedIsNoEndedPlay() {
        View view = ViewCalculator.calculate(view("abandoned")
                .at(0).play()
                .at(1_000).playing()
                .at(10_000).heartbeat()
                .events(), ViewClosure.TIMED_OUT, 1);

        assertThat(view.dropped()).isTrue();
        assertThat(view.isEndedPlay()).isFalse();
        assertThat(view.viewEndMs()).isEqualTo(T0 + 10_000);
        assertThat(view.playingTimeMs()).isEqualTo(9_000);
    }

    @Test
    void autoplayWithoutPlayEventStartsAtViewstart() {
        View withViewstart = calculate(view("autoplay").at(0).viewstart().at(800).playing().at(1_800).viewend());
        View withoutViewstart = calculate(view("autoplay-bare").at(300).playing().at(1_300).viewend());

        assertThat(withViewstart.playRequestedAtMs()).isEqualTo(T0);
        assertThat(withViewstart.startupTimeMs()).isEqualTo(800);
        assertThat(withViewstart.watchTimeMs()).isEqualTo(1_800);
        assertThat(withoutViewstart.playRequestedAtMs()).isEqualTo(T0 + 300);
        assertThat(withoutViewstart.startupTimeMs()).isZero();
        assertThat(withoutViewstart.outcome()).isEqualTo(ViewOutcome.STARTED);
    }

    @Test
    void viewWithoutPlayRequestIsNoAttempt() {
        View view = calculate(view("no-play").at(0).viewstart().at(100).event(dev.playtrace.model.EventName.PLAYERREADY)
                .at(5_000).viewend());

        assertThat(view.outcome()).isEqualTo(ViewOutcome.NO_PLAY_REQUEST);
        assertThat(view.isAttempt()).isFalse();
        assertThat(view.watchTimeMs()).isZero();
        assertThat(view.scores()).isEqualTo(ViewScores.NONE);
    }

    @Test
    void openViewBeforeTheFirstFrameIsStarting() {
        View view = calculate(view("starting").at(0).play().at(5_000).heartbeat());

        assertThat(view.outcome()).isEqualTo(ViewOutcome.STARTING);
        assertThat(view.closed()).isFalse();
        assertThat(view.watchTimeMs()).isEqualTo(5_000);
        assertThat(view.scores()).isEqualTo(ViewScores.NONE);
    }

    @Test
    void pausedBeforeTheFirstFrameIsLeftOutOfWatchTimeButNotStartup() {
        View view = calculate(view("paused-startup")
                .at(0).play()
                .at(500).pause()
                .at(10_500).play()
                .at(11_000).playing()
                .at(21_000).viewend());

        assertThat(view.startupTimeMs()).isEqualTo(11_000);
        assertThat(view.rebufferCount()).isZero();
        assertThat(view.watchTimeMs()).isEqualTo(11_000);
        assertThat(view.playDurationMs()).isEqualTo(10_000);
    }

    @Test
    void eventsMustBeSortedBySequenceNumber() {
        var events = new java.util.ArrayList<>(view("unsorted").at(0).play().at(1).playing().events());
        java.util.Collections.reverse(events);

        assertThatThrownBy(() -> ViewCalculator.calculate(events, ViewClosure.OPEN, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static View calculate(EventScript script) {
        return ViewCalculator.calculate(script.events(), ViewClosure.OPEN, 1);
    }

    private static void assertScores(ViewScores scores, Double playbackSuccess, Double startup, Double smoothness,
            Double quality, Double viewerExperience) {
        assertScore("playback success", scores.playbackSuccessScore(), playbackSuccess);
        assertScore("startup", scores.startupTimeScore(), startup);
        assertScore("smoothness", scores.smoothnessScore(), smoothness);
        assertScore("quality", scores.videoQualityScore(), quality);
        assertScore("viewer experience", scores.viewerExperienceScore(), viewerExperience);
    }

    private static void assertScore(String name, Double actual, Double expected) {
        if (expected == null) {
            assertThat(actual).as(name).isNull();
        } else {
            assertThat(actual).as(name).isCloseTo(expected, within(1e-9));
        }
    }

    /**
     * metrics.md §1 (v2): the events of one view came in beacons that each took another network delay (0 to 1 s)
     * and arrived in any order; the device clock runs 42 s behind. Every duration is the exact device-clock
     * difference; only the placement of the view moves, by the smallest offset among its beacons.
     */
    @Test
    void durationsComeFromTheDeviceClockWhateverEachBeaconsDelay() {
        long skewMs = 42_000;
        java.util.List<dev.playtrace.model.PlayerEvent> scripted = view("jitter")
                .at(0).viewstart()
                .at(100).play()
                .at(464).playing()
                .at(10_000).waiting()
                .at(11_250).playing()
                .at(20_000).pause()
                .at(25_000).viewend().events();
        long[] beaconDelaysMs = {730, 0, 1_000, 212, 5, 999, 64};
        java.util.List<dev.playtrace.model.PlayerEvent> delivered = new java.util.ArrayList<>();
        for (int i = 0; i < scripted.size(); i++) {
            dev.playtrace.model.PlayerEvent event = scripted.get(i);
            long offsetMs = skewMs + beaconDelaysMs[i];
            delivered.add(new dev.playtrace.model.PlayerEvent(event.projectId(), event.viewId(), event.sequenceNumber(),
                    event.name(), event.viewerTimeMs() + offsetMs, event.viewerTimeMs(), event.playheadMs(),
                    event.viewerTimeMs() + offsetMs, event.fields()));
        }
        java.util.Collections.shuffle(delivered, new java.util.Random(7));
        delivered.sort(java.util.Comparator.comparingLong(dev.playtrace.model.PlayerEvent::sequenceNumber));

        View view = ViewCalculator.calculate(delivered, ViewClosure.OPEN, 1);

        assertThat(view.startupTimeMs()).isEqualTo(364);
        assertThat(view.rebufferCount()).isOne();
        assertThat(view.rebufferDurationMs()).isEqualTo(1_250);
        assertThat(view.playingTimeMs()).isEqualTo(20_000 - 464 - 1_250);
        assertThat(view.watchTimeMs()).isEqualTo(20_000 - 100);
        assertThat(view.viewStartMs()).as("placed by the least-delayed beacon").isEqualTo(T0 + skewMs);
        assertThat(view.playRequestedAtMs()).isEqualTo(T0 + skewMs + 100);
        assertThat(view.firstFrameAtMs()).isEqualTo(T0 + skewMs + 464);
        assertThat(view.viewEndMs()).isEqualTo(T0 + skewMs + 25_000);
    }
}
