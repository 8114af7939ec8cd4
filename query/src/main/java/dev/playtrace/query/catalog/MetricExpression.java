package dev.playtrace.query.catalog;

import dev.playtrace.query.Measurement;
import dev.playtrace.store.spi.ViewColumn;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** How a metric is computed over a set of views, independent of any SQL dialect. */
public sealed interface MetricExpression {
    /** The measurements this kind of expression can be computed with. */
    Set<Measurement> supportedMeasurements();

    /** The value over no views at all: 0 for counts and sums, null for ratios and per-view statistics. */
    Double valueOverNoViews(Measurement measurement);

    /** Number of views matching the predicate. */
    record ViewCount(ViewPredicate predicate) implements MetricExpression {
        public ViewCount {
            requireNonNull(predicate, "predicate is null");
        }

        @Override
        public Double valueOverNoViews(Measurement measurement) {
            return 0.0;
        }

        @Override
        public Set<Measurement> supportedMeasurements() {
            return EnumSet.of(Measurement.COUNT, Measurement.SUM);
        }
    }

    /** Σ of a per-view column (0 over no views); for a column that counts something, also its count. */
    record ColumnSum(ViewColumn column) implements MetricExpression {
        public ColumnSum {
            requireNonNull(column, "column is null");
        }

        @Override
        public Double valueOverNoViews(Measurement measurement) {
            return 0.0;
        }

        @Override
        public Set<Measurement> supportedMeasurements() {
            return EnumSet.of(Measurement.SUM, Measurement.COUNT);
        }
    }

    /** {@code count(numerator) / count(denominator) × scale}; null when the denominator is 0. */
    record CountRatio(ViewPredicate numerator, ViewPredicate denominator, double scale) implements MetricExpression {
        public CountRatio {
            requireNonNull(numerator, "numerator is null");
            requireNonNull(denominator, "denominator is null");
        }

        @Override
        public Double valueOverNoViews(Measurement measurement) {
            return null;
        }

        @Override
        public Set<Measurement> supportedMeasurements() {
            return EnumSet.of(Measurement.AVG);
        }
    }

    /**
     * {@code Σ numerator_1 / Σ denominator × scale + Σ numerator_2 / Σ denominator × scale + ...} (ratio of sums);
     * null when the denominator sum is 0. Several numerators are added as separate ratios so that a combined ratio
     * equals the sum of its parts exactly, also in floating point.
     */
    record SumRatio(List<ViewColumn> numerators, ViewColumn denominator, double scale) implements MetricExpression {
        public SumRatio {
            numerators = List.copyOf(numerators);
            requireNonNull(denominator, "denominator is null");
            if (numerators.isEmpty()) {
                throw new IllegalArgumentException("a ratio needs a numerator");
            }
        }

        @Override
        public Double valueOverNoViews(Measurement measurement) {
            return null;
        }

        @Override
        public Set<Measurement> supportedMeasurements() {
            return EnumSet.of(Measurement.AVG);
        }
    }

    /**
     * Quantile, mean or sum of a per-view column over the views matching the predicate; null values are skipped. The
     * sum over no views is 0, every other measurement's value null.
     */
    record PerViewAggregate(ViewColumn column, ViewPredicate over) implements MetricExpression {
        public PerViewAggregate {
            requireNonNull(column, "column is null");
            requireNonNull(over, "over is null");
        }

        @Override
        public Double valueOverNoViews(Measurement measurement) {
            return measurement == Measurement.SUM ? 0.0 : null;
        }

        @Override
        public Set<Measurement> supportedMeasurements() {
            return EnumSet.of(Measurement.MEDIAN, Measurement.AVG, Measurement.P95, Measurement.P99, Measurement.SUM);
        }
    }

    /** Exact number of distinct non-null values of a column. */
    record DistinctCount(ViewColumn column) implements MetricExpression {
        public DistinctCount {
            requireNonNull(column, "column is null");
        }

        @Override
        public Double valueOverNoViews(Measurement measurement) {
            return 0.0;
        }

        @Override
        public Set<Measurement> supportedMeasurements() {
            return EnumSet.of(Measurement.COUNT);
        }
    }

    /**
     * Views active ({@code first_frame_at <= t < end}) at an instant; over a window the time-average ({@code avg}) or
     * the maximum of one sample per minute ({@code max}).
     */
    record Concurrency() implements MetricExpression {
        @Override
        public Double valueOverNoViews(Measurement measurement) {
            return 0.0;
        }

        @Override
        public Set<Measurement> supportedMeasurements() {
            return EnumSet.of(Measurement.AVG, Measurement.MAX);
        }
    }
}
