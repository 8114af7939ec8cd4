package dev.playtrace.query;

import static java.util.Objects.requireNonNull;

/**
 * One metric a {@link Query} asks for.
 *
 * @param measurement null means the metric's default measurement
 */
public record MetricRequest(String metricId, Measurement measurement) {
    public MetricRequest {
        requireNonNull(metricId, "metricId is null");
    }

    public static MetricRequest of(String metricId) {
        return new MetricRequest(metricId, null);
    }
}
