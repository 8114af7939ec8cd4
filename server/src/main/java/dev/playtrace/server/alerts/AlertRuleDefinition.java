package dev.playtrace.server.alerts;

import dev.playtrace.model.Dimension;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Measurement;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What an alert rule watches and when it fires: a catalogue metric (and measurement) over the views its filters
 * select, in a sliding window of {@code windowMinutes} ending at each evaluation, with either a fixed
 * {@link Threshold} or an {@link Anomaly} test against the metric's own history.
 *
 * @param measurement null for the metric's default
 * @param minViews below this many views in the window the rule neither fires nor keeps an incident open
 * @param resolveAfter consecutive evaluations below the resolution level before an open incident resolves
 * @param attributionDimensions the dimensions whose values are ranked when the rule fires
 */
public record AlertRuleDefinition(
        String name,
        boolean enabled,
        String metricId,
        Measurement measurement,
        List<Filter> filters,
        int windowMinutes,
        long minViews,
        Condition condition,
        int resolveAfter,
        List<Dimension> attributionDimensions,
        List<Webhook> webhooks) {

    public static final List<Dimension> DEFAULT_ATTRIBUTION = List.of(Dimension.COUNTRY, Dimension.CDN,
            Dimension.PLAYER_NAME, Dimension.OPERATING_SYSTEM, Dimension.BROWSER, Dimension.VIDEO_TITLE,
            Dimension.STREAM_TYPE, Dimension.ERROR_CODE);

    public AlertRuleDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(metricId, "metricId is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        requireNonNull(condition, "condition is null");
        attributionDimensions = List.copyOf(requireNonNull(attributionDimensions, "attributionDimensions is null"));
        webhooks = List.copyOf(requireNonNull(webhooks, "webhooks is null"));
        if (windowMinutes < 1 || windowMinutes > 1440) {
            throw new IllegalArgumentException("window_minutes must be within 1..1440");
        }
        if (minViews < 0) {
            throw new IllegalArgumentException("min_views must not be negative");
        }
        if (resolveAfter < 1 || resolveAfter > 60) {
            throw new IllegalArgumentException("resolve_after must be within 1..60");
        }
    }

    public long windowMs() {
        return windowMinutes * 60_000L;
    }

    /** Which way of the metric is bad. */
    public enum Direction { ABOVE, BELOW }

    /** When the rule fires. */
    public sealed interface Condition permits Threshold, Anomaly {
    }

    /**
     * Fires when the window's value is beyond {@code value}; an open incident resolves once the value is back on the
     * good side of {@code resolveValue} for {@link #resolveAfter()} consecutive evaluations (the hysteresis band
     * lies between the two).
     */
    public record Threshold(Direction direction, double value, double resolveValue) implements Condition {
        public Threshold {
            requireNonNull(direction, "direction is null");
            if (direction == Direction.ABOVE ? resolveValue > value : resolveValue < value) {
                throw new IllegalArgumentException("resolve_value must lie on the good side of value");
            }
        }

        /** The default resolution level: 10 % of the threshold back towards good. */
        public static Threshold of(Direction direction, double value) {
            double margin = Math.abs(value) * 0.1;
            return new Threshold(direction, value, direction == Direction.ABOVE ? value - margin : value + margin);
        }
    }

    /**
     * Fires when the window's value is worse than the metric's own history by strong evidence and by a change that
     * matters. The history is {@code historyWindows} windows of the same length, each {@code historyStepMinutes}
     * earlier than the last (1440: the same time of day on previous days). Proportions use Fisher's exact test, as a z,
     * corrected for overdispersion; other metrics a robust z-score against the median and MAD of the history
     * ({@link AnomalyTests}).
     *
     * @param minScore the z (or robust z) at which the rule fires
     * @param resolveScore an open incident resolves once the score stays below this
     * @param minAbsoluteChange the least change, in the metric's unit, that can fire (percentage points for %)
     * @param minRelativeChange the least change relative to the baseline that can fire (0.25 = 25 %)
     */
    public record Anomaly(Direction direction, int historyWindows, int historyStepMinutes, double minScore,
            double resolveScore, double minAbsoluteChange, double minRelativeChange) implements Condition {
        public Anomaly {
            requireNonNull(direction, "direction is null");
            if (historyWindows < 3 || historyWindows > 60) {
                throw new IllegalArgumentException("history_windows must be within 3..60");
            }
            if (historyStepMinutes < 1 || historyStepMinutes > 10_080) {
                throw new IllegalArgumentException("history_step_minutes must be within 1..10080");
            }
            if (!(minScore > 0) || !(resolveScore >= 0) || resolveScore > minScore) {
                throw new IllegalArgumentException("need 0 <= resolve_score <= min_score and min_score > 0");
            }
            if (minAbsoluteChange < 0 || minRelativeChange < 0) {
                throw new IllegalArgumentException("minimum changes must not be negative");
            }
        }
    }

    /**
     * A receiver of the rule's incident messages.
     *
     * @param storedSecret the signing secret as the {@link dev.playtrace.server.SecretBox} stores it
     */
    public record Webhook(String url, String storedSecret) {
        public Webhook {
            requireNonNull(url, "url is null");
            requireNonNull(storedSecret, "storedSecret is null");
        }
    }
}
