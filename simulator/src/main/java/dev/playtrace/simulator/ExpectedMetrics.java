package dev.playtrace.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The value of every aggregate metric of metrics.md §3 over one set of views, as the server must report it.
 *
 * <p>Keys are metric ids ({@code "views"}, {@code "video_startup_time"}, ...) for the default measurement, and
 * {@code "<id>:<measurement>"} for each measurement a distribution metric supports ({@code "median"}, {@code "avg"},
 * {@code "95th"}, {@code "99th"}, named as in the Mux Data API). Percentages are percent values; counts and sums are
 * whole numbers; times are ms. A value is null where metrics.md says null (an empty denominator or no values).
 */
public final class ExpectedMetrics {
    /** Every metric id of metrics.md §3 this computes, in the spec's order (concurrency is on {@link GroundTruth}). */
    public static final List<String> METRIC_IDS = List.of(
            "views", "plays", "unique_viewers", "ended_plays", "exits_before_video_start",
            "video_startup_failure_percentage", "playback_failure_percentage", "video_playback_failure_percentage",
            "video_startup_business_exception_percentage", "playback_business_exception_percentage",
            "fatal_errors", "video_startup_time", "rebuffer_percentage", "rebuffer_frequency", "rebuffer_count",
            "rebuffer_duration", "cirr", "vrt_buffering_ratio", "buffering_ratio", "playing_time", "play_duration",
            "watch_time", "weighted_average_bitrate", "upscale_percentage", "startup_time_score",
            "smoothness_score", "video_quality_score", "playback_success_score", "viewer_experience_score");

    /** The measurements of each distribution metric; the first is its default ({@code sum}: Σ over the views). */
    public static final Map<String, List<String>> MEASUREMENTS = Map.of(
            "video_startup_time", List.of("median", "avg", "95th", "99th", "sum"),
            "rebuffer_count", List.of("median", "avg", "95th", "sum"),
            "rebuffer_duration", List.of("median", "avg", "95th", "sum"),
            "weighted_average_bitrate", List.of("median", "avg"));

    private final Map<String, Double> values;

    ExpectedMetrics(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The metric's default measurement; null when the spec says null. */
    public Double get(String metricId) {
        requireKnown(metricId);
        return values.get(metricId);
    }

    /** One measurement ({@code "median"}, {@code "avg"}, {@code "95th"}, {@code "99th"}); null = the default. */
    public Double get(String metricId, String measurement) {
        requireKnown(metricId);
        if (measurement == null) {
            return values.get(metricId);
        }
        String key = metricId + ":" + measurement;
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("metric " + metricId + " has no measurement " + measurement);
        }
        return values.get(key);
    }

    /** A count or sum metric as a long. */
    public long count(String metricId) {
        Double value = get(metricId);
        return value == null ? 0 : Math.round(value);
    }

    public long views() {
        return count("views");
    }

    public long plays() {
        return count("plays");
    }

    /** Every value: default measurements under the metric id, others under {@code "<id>:<measurement>"}. */
    public Map<String, Double> asMap() {
        return values;
    }

    private void requireKnown(String metricId) {
        if (!METRIC_IDS.contains(metricId)) {
            throw new IllegalArgumentException("unknown metric: " + metricId);
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
