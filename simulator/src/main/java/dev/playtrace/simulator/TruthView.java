package dev.playtrace.simulator;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.FatalError;
import dev.playtrace.model.ViewOutcome;
import dev.playtrace.model.ViewScores;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What one simulated view must come out as on the server, computed by construction from what the simulator decided
 * the viewer did (metrics.md §2 and §4), never from its events. Times are true (server) epoch ms and assume the view
 * was closed: by its {@code viewend}, or, when {@link #dropped()}, by the inactivity timeout at its last event.
 *
 * @param viewerId {@code viewer_user_id} where sent, else {@code mux_viewer_id} (metrics.md §3a.8)
 * @param dimensions every dimension the view sent in beacon fields, plus {@code country}; not the dimensions the
 *        server derives from {@link #userAgent()} (browser, operating system, device category, ...)
 * @param countryCode the value the caller must send in the CDN country header
 * @param deviceClockOffsetMs the device clock minus server time ({@code viewer_time} = true time + offset)
 * @param viewStartMs time of {@code viewstart}
 * @param viewEndMs the view's end: the first fatal error, else {@code viewend}, else (dropped) its last event
 * @param lastEventAtMs time of its last event
 * @param playRequestedAtMs null for a view with no play request (not an attempt; counted nowhere)
 * @param upscalePct time-weighted upscaling while playing, in percent (null without playing time)
 * @param maxUpscalePct the largest upscaling while playing, in percent
 * @param errorCount fatal error events
 * @param eventCount distinct events (duplicate deliveries not counted)
 */
public record TruthView(
        String viewId,
        String viewerId,
        String viewerUserId,
        String muxViewerId,
        Map<Dimension, String> dimensions,
        String userAgent,
        String countryCode,
        long deviceClockOffsetMs,
        long viewStartMs,
        long viewEndMs,
        long lastEventAtMs,
        Long playRequestedAtMs,
        Long firstFrameAtMs,
        Long startupTimeMs,
        long playingTimeMs,
        int rebufferCount,
        long rebufferDurationMs,
        int seekCount,
        long seekBufferDurationMs,
        long pausedTimeMs,
        long watchTimeMs,
        long playDurationMs,
        Double avgBitrateBps,
        int renditionChangeCount,
        Double upscalePct,
        Double maxUpscalePct,
        FatalError fatalError,
        int errorCount,
        int warningCount,
        boolean ended,
        boolean dropped,
        ViewOutcome outcome,
        ViewScores scores,
        int eventCount) {

    public TruthView {
        requireNonNull(viewId, "viewId is null");
        requireNonNull(viewerId, "viewerId is null");
        dimensions = Map.copyOf(requireNonNull(dimensions, "dimensions is null"));
        requireNonNull(userAgent, "userAgent is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(scores, "scores is null");
    }

    /** Has a play request, so counts in {@code views} (attempts). */
    public boolean isAttempt() {
        return playRequestedAtMs != null;
    }

    public boolean isStarted() {
        return outcome == ViewOutcome.STARTED;
    }

    public boolean isExitBeforeVideoStart() {
        return outcome == ViewOutcome.EXIT_BEFORE_VIDEO_START;
    }

    public boolean isVideoStartupFailure() {
        return outcome == ViewOutcome.VIDEO_STARTUP_FAILURE;
    }

    /** Started and then a fatal error (Conviva-style video playback failure). */
    public boolean isPlaybackFailureAfterStart() {
        return isStarted() && fatalError != null;
    }

    public boolean hasBusinessException() {
        return fatalError != null && fatalError.businessException();
    }

    /** Started, no fatal error, and reached {@code ended} or closed by {@code viewend} (metrics.md §3a.5). */
    public boolean isEndedPlay() {
        return isStarted() && fatalError == null && (ended || !dropped);
    }

    public String videoId() {
        return dimensions.get(Dimension.VIDEO_ID);
    }

    /**
     * The view's value for a dimension: a sent value, {@code country}, an outcome flag ("true"/"false"), or the
     * first fatal error's code; null when the view has none or the server derives it from the User-Agent.
     */
    public String dimensionValue(Dimension dimension) {
        return switch (dimension) {
            case EXIT_BEFORE_VIDEO_START -> flag(isExitBeforeVideoStart());
            case VIDEO_STARTUP_FAILURE -> flag(isVideoStartupFailure());
            case VIDEO_STARTUP_BUSINESS_EXCEPTION -> flag(isVideoStartupFailure() && hasBusinessException());
            case PLAYBACK_FAILURE -> flag(fatalError != null && !fatalError.businessException());
            case PLAYBACK_BUSINESS_EXCEPTION -> flag(hasBusinessException());
            case VIEW_DROPPED -> flag(dropped);
            case ERROR_CODE -> fatalError == null ? null : fatalError.code();
            default -> dimensions.get(dimension);
        };
    }

    private static String flag(boolean value) {
        return value ? "true" : "false";
    }
}
