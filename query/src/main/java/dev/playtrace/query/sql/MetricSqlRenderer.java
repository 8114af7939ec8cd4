package dev.playtrace.query.sql;

import dev.playtrace.query.Measurement;
import dev.playtrace.query.catalog.MetricExpression;
import dev.playtrace.query.catalog.MetricExpression.ColumnSum;
import dev.playtrace.query.catalog.MetricExpression.Concurrency;
import dev.playtrace.query.catalog.MetricExpression.CountRatio;
import dev.playtrace.query.catalog.MetricExpression.DistinctCount;
import dev.playtrace.query.catalog.MetricExpression.PerViewAggregate;
import dev.playtrace.query.catalog.MetricExpression.SumRatio;
import dev.playtrace.query.catalog.MetricExpression.ViewCount;
import dev.playtrace.query.catalog.ViewPredicate;
import dev.playtrace.store.spi.SqlDialect;

import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** Renders a catalogue expression with a measurement as one aggregate SQL expression of the given dialect. */
public final class MetricSqlRenderer {
    private final SqlDialect dialect;

    public MetricSqlRenderer(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** The aggregate expression; concurrency is not a per-view aggregate and is computed by its own statements. */
    public String render(MetricExpression expression, Measurement measurement) {
        return switch (expression) {
            case ViewCount count -> dialect.countIf(condition(count.predicate()));
            case ColumnSum sum -> "coalesce(" + dialect.sumIf(sum.column().name(), null) + ", 0)";
            case CountRatio ratio -> dialect.divideOrNull(
                    dialect.toDouble(dialect.countIf(condition(ratio.numerator()))) + " * " + ratio.scale(),
                    dialect.countIf(condition(ratio.denominator())));
            case SumRatio ratio -> ratio.numerators().stream()
                    .map(numerator -> "(" + dialect.divideOrNull(
                            dialect.toDouble(dialect.sumIf(numerator.name(), null)) + " * " + ratio.scale(),
                            dialect.sumIf(ratio.denominator().name(), null)) + ")")
                    .collect(Collectors.joining(" + "));
            case PerViewAggregate aggregate -> perView(aggregate, measurement);
            case DistinctCount distinct -> dialect.countDistinctIf(distinct.column().name(), null);
            case Concurrency concurrency -> throw new IllegalArgumentException(
                    "concurrency is computed from active intervals, not rendered as an aggregate");
        };
    }

    private String perView(PerViewAggregate aggregate, Measurement measurement) {
        String column = aggregate.column().name();
        String condition = condition(aggregate.over());
        return switch (measurement) {
            case MEDIAN -> dialect.quantileIf(column, 0.5, condition);
            case AVG -> dialect.avgIf(column, condition);
            case P95 -> dialect.quantileIf(column, 0.95, condition);
            case P99 -> dialect.quantileIf(column, 0.99, condition);
            case SUM -> "coalesce(" + dialect.sumIf(column, condition) + ", 0)";
            case COUNT, MAX -> throw new IllegalArgumentException(
                    "a per-view aggregate cannot be computed as " + measurement.wireName());
        };
    }

    private String condition(ViewPredicate predicate) {
        return predicate.isAll() ? null : dialect.isTrue(predicate.flag().name());
    }
}
