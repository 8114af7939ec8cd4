package dev.playtrace.query;

import java.util.Set;

/**
 * What the catalogue tells users about a metric ({@code GET /data/v1/metrics}).
 *
 * @param formula the definition from metrics.md, in words
 * @param unit "count", "%", "ms", "bps", "1/min" or "score"
 */
public record MetricDescription(
        String id,
        String description,
        String formula,
        String unit,
        Measurement defaultMeasurement,
        Set<Measurement> measurements) {
    public MetricDescription {
        measurements = Set.copyOf(measurements);
    }
}
