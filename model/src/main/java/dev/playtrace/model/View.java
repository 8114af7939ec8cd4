package dev.playtrace.model;

import java.util.EnumMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One view with every per-view primitive of metrics.md §2, as the sessionizer computed it from the view's ordered
 * events. Stored as one row, replaced whenever a newer {@link #version()} is computed.
 *
 * <p>Times are epoch milliseconds, server-corrected UTC. Nullable fields are boxed.
 *
 * @param version increases each time the view is recomputed; a store keeps the row with the highest version
 * @param viewerId {@code viewer_user_id} where set, else the SDK's anonymous viewer id (metrics.md §3a.8)
 * @param dimensions the text value of every non-outcome dimension the view has (outcome flags are derived, see
 *        {@link #dimensionValue(Dimension)})
 * @param viewStartMs time of the view's first event
 * @param viewEndMs time the view ended: viewend, the first fatal error, 300 s into a stall, or its last event
 * @param lastEventAtMs time of the latest event received for the view (drives the inactivity timeout)
 * @param closed true once the view ended (viewend) or was closed by the inactivity timeout
 */
public record View(
        String projectId,
        String viewId,
        long version,
        String viewerId,
        Map<Dimension, String> dimensions,
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
        boolean closed,
        ViewOutcome outcome,
        ViewScores scores,
        int eventCount) {

    public View {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(viewId, "viewId is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(scores, "scores is null");
        EnumMap<Dimension, String> copy = new EnumMap<>(Dimension.class);
        requireNonNull(dimensions, "dimensions is null").forEach((dimension, value) -> {
            if (value != null && !dimension.isOutcomeFlag()) {
                copy.put(dimension, value);
            }
        });
        dimensions = Map.copyOf(copy);
    }

    /** True when the view has a play request (it counts in {@code views}, the attempts). */
    public boolean isAttempt() {
        return playRequestedAtMs != null;
    }

    public boolean isStarted() {
        return outcome == ViewOutcome.STARTED;
    }

    /** Started, no fatal error, and reached {@code ended} or was closed by {@code viewend} (metrics.md §3a.5). */
    public boolean isEndedPlay() {
        return isStarted() && fatalError == null && (ended || (closed && !dropped));
    }

    /** This view's rebuffer duration as a percent of its watch time; null when it has no watch time. */
    public Double rebufferPercentage() {
        return watchTimeMs == 0 ? null : 100.0 * rebufferDurationMs / watchTimeMs;
    }

    /** This view's rebuffers per minute of watch time; null when it has no watch time. */
    public Double rebufferFrequencyPerMinute() {
        return watchTimeMs == 0 ? null : rebufferCount * 60_000.0 / watchTimeMs;
    }

    /** The value of any dimension for this view, outcome flags as "true"/"false"; null when unknown. */
    public String dimensionValue(Dimension dimension) {
        return switch (dimension) {
            case EXIT_BEFORE_VIDEO_START -> flag(outcome == ViewOutcome.EXIT_BEFORE_VIDEO_START);
            case VIDEO_STARTUP_FAILURE -> flag(outcome == ViewOutcome.VIDEO_STARTUP_FAILURE);
            case VIDEO_STARTUP_BUSINESS_EXCEPTION -> flag(outcome == ViewOutcome.VIDEO_STARTUP_FAILURE
                    && fatalError != null && fatalError.businessException());
            case PLAYBACK_FAILURE -> flag(fatalError != null && !fatalError.businessException());
            case PLAYBACK_BUSINESS_EXCEPTION -> flag(fatalError != null && fatalError.businessException());
            case VIEW_DROPPED -> flag(dropped);
            case ERROR_CODE -> fatalError == null ? null : fatalError.code();
            default -> dimensions.get(dimension);
        };
    }

    private static String flag(boolean value) {
        return value ? "true" : "false";
    }
}
