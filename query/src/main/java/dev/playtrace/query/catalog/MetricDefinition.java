package dev.playtrace.query.catalog;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricDescription;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * One metric of the catalogue, declared as data: what it means, its unit, which measurements it allows, whether
 * higher is better (used to rank breakdown groups by negative impact) and how it is computed.
 *
 * @param formula the definition from metrics.md, in words, shown to users
 * @param unit "count", "%", "ms", "bps", "1/min" or "score"
 */
public record MetricDefinition(
        String id,
        String description,
        String formula,
        String unit,
        Measurement defaultMeasurement,
        Set<Measurement> measurements,
        boolean higherIsBetter,
        MetricExpression expression) {

    public MetricDefinition {
        requireNonNull(id, "id is null");
        requireNonNull(description, "description is null");
        requireNonNull(formula, "formula is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(defaultMeasurement, "defaultMeasurement is null");
        requireNonNull(expression, "expression is null");
        measurements = Set.copyOf(EnumSet.copyOf(measurements));
        if (!measurements.contains(defaultMeasurement)) {
            throw new IllegalArgumentException(id + ": default measurement " + defaultMeasurement + " is not allowed");
        }
        if (!expression.supportedMeasurements().containsAll(measurements)) {
            throw new IllegalArgumentException(id + ": " + expression.getClass().getSimpleName()
                    + " cannot compute all of " + measurements);
        }
    }

    /** The measurement to compute: the requested one if the metric allows it, the default when none was asked. */
    public Measurement resolveMeasurement(Measurement requested) {
        if (requested == null) {
            return defaultMeasurement;
        }
        if (!measurements.contains(requested)) {
            throw new PlaytraceException(ErrorCode.UNSUPPORTED_MEASUREMENT, "metric '" + id
                    + "' does not support measurement '" + requested.wireName() + "'; allowed: " + allowedList());
        }
        return requested;
    }

    /** The allowed measurements' wire names in a stable order, for messages and listings. */
    public String allowedList() {
        return EnumSet.copyOf(measurements).stream().map(Measurement::wireName).collect(Collectors.joining(", "));
    }

    public MetricDescription toDescription() {
        return new MetricDescription(id, description, formula, unit, defaultMeasurement, measurements);
    }
}
