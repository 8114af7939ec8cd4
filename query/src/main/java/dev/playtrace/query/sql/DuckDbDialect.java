package dev.playtrace.query.sql;

import dev.playtrace.store.spi.ColumnSpec;
import dev.playtrace.store.spi.ColumnType;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlFragment;
import dev.playtrace.store.spi.TableLayout;
import dev.playtrace.store.spi.ViewTable;

import java.util.stream.Collectors;

/** SQL for DuckDB: aggregate {@code FILTER} clauses, {@code quantile_cont}, {@code count(DISTINCT ...)}. */
public final class DuckDbDialect implements SqlDialect {
    public static final DuckDbDialect INSTANCE = new DuckDbDialect();

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String createTable(TableLayout layout) {
        String columns = layout.columns().stream().map(this::columnDefinition).collect(Collectors.joining(", "));
        // Only versioned tables get a key: the upsert needs it, and an index would slow appends to the event log.
        String key = layout.isVersioned() ? ", PRIMARY KEY (" + String.join(", ", layout.keyColumns()) + ")" : "";
        return "CREATE TABLE IF NOT EXISTS " + layout.name() + " (" + columns + key + ")";
    }

    private String columnDefinition(ColumnSpec column) {
        if (column.isDerived()) {
            return column.name() + " " + typeName(column.type()) + " GENERATED ALWAYS AS ("
                    + derivedExpression(column.derivation()) + ") VIRTUAL";
        }
        return column.name() + " " + typeName(column.type()) + (column.nullable() ? "" : " NOT NULL");
    }

    private static String typeName(ColumnType type) {
        return switch (type) {
            case TEXT -> "VARCHAR";
            case BIGINT -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
        };
    }

    @Override
    public String viewsSource() {
        return "views";
    }

    /**
     * DuckDB reads a point through an index only when the scan filters on the indexed column alone: the primary key
     * (project, view id) never serves a lookup, and a project filter beside the id's turns the scan on the id's own
     * index ({@code views_by_view_id}) into a scan of the whole table. So the id's rows are read first, behind
     * {@code OFFSET 0}, which keeps the optimizer from pushing the project's filter into that scan, and the
     * project's row is kept from the few it finds.
     */
    @Override
    public SqlFragment oneView(String projectId, String viewId) {
        return SqlFragment.of("FROM (SELECT * FROM views WHERE " + ViewTable.VIEW_ID.name() + " = ? OFFSET 0) AS views"
                + "\nWHERE " + ViewTable.PROJECT_ID.name() + " = ?", viewId, projectId);
    }

    @Override
    public String isTrue(String booleanColumn) {
        return booleanColumn;
    }

    @Override
    public String booleanLiteral(boolean value) {
        return value ? "true" : "false";
    }

    @Override
    public String countIf(String condition) {
        return filtered("count(*)", condition);
    }

    @Override
    public String sumIf(String expression, String condition) {
        return filtered("sum(" + expression + ")", condition);
    }

    @Override
    public String avgIf(String expression, String condition) {
        return filtered("avg(" + expression + ")", condition);
    }

    @Override
    public String quantileIf(String expression, double fraction, String condition) {
        return filtered("quantile_cont(" + expression + ", " + fraction + ")", condition);
    }

    @Override
    public String countDistinctIf(String expression, String condition) {
        return filtered("count(DISTINCT " + expression + ")", condition);
    }

    @Override
    public String argMax(String expression, String orderBy) {
        return "arg_max(" + expression + ", " + orderBy + ")";
    }

    @Override
    public String toDouble(String expression) {
        return "CAST(" + expression + " AS DOUBLE)";
    }

    @Override
    public String divideOrNull(String numerator, String denominator) {
        return numerator + " / NULLIF(" + denominator + ", 0)";
    }

    @Override
    public String floorDiv(String expression, long divisor) {
        return "(" + expression + ") // " + divisor;
    }

    /** By JSON Pointer (RFC 6901), which takes any key: {@code ~} and {@code /} are escaped as {@code ~0}, {@code ~1}. */
    @Override
    public SqlFragment jsonText(String jsonColumn, String key) {
        return SqlFragment.of("json_extract_string(" + jsonColumn + ", ?)", "/" + key.replace("~", "~0").replace("/", "~1"));
    }

    @Override
    public SqlFragment limitOffset(long limit, long offset) {
        return SqlFragment.of("LIMIT ? OFFSET ?", limit, offset);
    }

    private static String filtered(String aggregate, String condition) {
        return condition == null ? aggregate : aggregate + " FILTER (WHERE " + condition + ")";
    }
}
