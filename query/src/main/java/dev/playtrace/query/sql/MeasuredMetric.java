package dev.playtrace.query.sql;

import dev.playtrace.query.Measurement;
import dev.playtrace.query.catalog.MetricExpression;

import static java.util.Objects.requireNonNull;

/** A catalogue expression with the measurement to compute it as: one aggregate column of a statement. */
public record MeasuredMetric(MetricExpression expression, Measurement measurement) {
    public MeasuredMetric {
        requireNonNull(expression, "expression is null");
        requireNonNull(measurement, "measurement is null");
    }
}
