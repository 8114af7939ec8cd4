package dev.playtrace.query.sql;

import dev.playtrace.store.spi.ColumnSpec;
import dev.playtrace.store.spi.ColumnType;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlFragment;
import dev.playtrace.store.spi.TableLayout;

import java.util.stream.Collectors;

/**
 * SQL for ClickHouse, written to run on 18.16 (Debian's package) and on current releases: {@code -If} aggregate
 * combinators, linearly interpolated quantiles over {@code arraySort(groupArray(x))}, {@code uniqExact}, UInt8 booleans, {@code ReplacingMergeTree} for
 * versioned rows (read with {@code FINAL}).
 */
public final class ClickHouseDialect implements SqlDialect {
    public static final ClickHouseDialect INSTANCE = new ClickHouseDialect();

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public String createTable(TableLayout layout) {
        String columns = layout.columns().stream().map(this::columnDefinition)
                .collect(Collectors.joining(", "));
        String engine = layout.isVersioned() ? "ReplacingMergeTree(" + layout.versionColumn() + ")" : "MergeTree()";
        return "CREATE TABLE IF NOT EXISTS " + layout.name() + " (" + columns + ") ENGINE = " + engine
                + " ORDER BY (" + String.join(", ", layout.keyColumns()) + ")";
    }

    /** The ClickHouse type a column is stored as ({@code Nullable(Int64)}), for writers that send typed rows. */
    public static String columnType(ColumnSpec column) {
        String type = typeName(column.type());
        return column.nullable() ? "Nullable(" + type + ")" : type;
    }

    private String columnDefinition(ColumnSpec column) {
        String nullableType = columnType(column);
        if (column.isDerived()) {
            return column.name() + " " + nullableType + " ALIAS " + derivedExpression(column.derivation());
        }
        return column.name() + " " + nullableType;
    }

    private static String typeName(ColumnType type) {
        return switch (type) {
            case TEXT -> "String";
            case BIGINT -> "Int64";
            case INTEGER -> "Int32";
            case DOUBLE -> "Float64";
            // 18.16 has no Bool type.
            case BOOLEAN -> "UInt8";
        };
    }

    @Override
    public String viewsSource() {
        return "views FINAL";
    }

    @Override
    public String isTrue(String booleanColumn) {
        return booleanColumn + " = 1";
    }

    @Override
    public String booleanLiteral(boolean value) {
        return value ? "1" : "0";
    }

    @Override
    public String countIf(String condition) {
        return condition == null ? "count()" : "countIf(" + condition + ")";
    }

    @Override
    public String sumIf(String expression, String condition) {
        return condition == null ? "sum(" + expression + ")" : "sumIf(" + expression + ", " + condition + ")";
    }

    @Override
    public String avgIf(String expression, String condition) {
        String aggregate = condition == null ? "avg(" + expression + ")" : "avgIf(" + expression + ", " + condition + ")";
        return nullWhenNoValues(aggregate, expression, condition);
    }

    /**
     * metrics.md's quantile: linear interpolation between the closest ranks around {@code q * (n - 1)}, as DuckDB's
     * {@code quantile_cont}. ClickHouse's {@code quantileExact} returns a rank instead (1200, not 1025, for the median
     * of 400, 850, 1200, 3000) and 18.16 has no {@code quantileExactInclusive}, so the value is computed from the
     * sorted values: {@code lower + (rank - floor(rank)) * (upper - lower)}, the arithmetic DuckDB does. ClickHouse
     * evaluates the repeated array expression once.
     */
    @Override
    public String quantileIf(String expression, double fraction, String condition) {
        String values = condition == null
                ? "groupArray(toFloat64(" + expression + "))"
                : "groupArrayIf(toFloat64(" + expression + "), " + condition + ")";
        String sorted = "arraySort(" + values + ")";
        String rank = fraction + " * (length(" + sorted + ") - 1)";
        String lower = "arrayElement(" + sorted + ", toUInt64(floor(" + rank + ")) + 1)";
        String upper = "arrayElement(" + sorted + ", toUInt64(ceil(" + rank + ")) + 1)";
        String interpolated = lower + " + (" + rank + " - floor(" + rank + ")) * (" + upper + " - " + lower + ")";
        return nullWhenNoValues(interpolated, expression, condition);
    }

    @Override
    public String countDistinctIf(String expression, String condition) {
        // over no rows, uniqExact of a Nullable column is NULL on 18.16; the count is 0
        String aggregate = condition == null ? "uniqExact(" + expression + ")"
                : "uniqExactIf(" + expression + ", " + condition + ")";
        return "coalesce(" + aggregate + ", 0)";
    }

    @Override
    public String argMax(String expression, String orderBy) {
        return "argMax(" + expression + ", " + orderBy + ")";
    }

    @Override
    public String toDouble(String expression) {
        return "toFloat64(" + expression + ")";
    }

    @Override
    public String divideOrNull(String numerator, String denominator) {
        // ClickHouse divides by zero into inf/nan; the API promises null.
        return "if(" + denominator + " = 0, NULL, " + numerator + " / " + denominator + ")";
    }

    @Override
    public String floorDiv(String expression, long divisor) {
        return "intDiv(" + expression + ", " + divisor + ")";
    }

    /** JSONExtractString gives '' for a missing key, so presence is asked first. */
    @Override
    public SqlFragment jsonText(String jsonColumn, String key) {
        return SqlFragment.of("if(JSONHas(" + jsonColumn + ", ?), JSONExtractString(" + jsonColumn + ", ?), NULL)", key, key);
    }

    @Override
    public SqlFragment limitOffset(long limit, long offset) {
        // LIMIT offset, count is understood by 18.16 and by current releases.
        return SqlFragment.of("LIMIT ?, ?", offset, limit);
    }

    /** ClickHouse returns nan (not null) for avg and quantiles over no values. */
    private static String nullWhenNoValues(String aggregate, String expression, String condition) {
        String present = expression + " IS NOT NULL" + (condition == null ? "" : " AND " + condition);
        return "if(countIf(" + present + ") = 0, NULL, " + aggregate + ")";
    }
}
