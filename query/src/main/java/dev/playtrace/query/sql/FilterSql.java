package dev.playtrace.query.sql;

import dev.playtrace.query.Filter;
import dev.playtrace.store.spi.ViewTable;

import java.util.List;

/**
 * Renders filters as conditions with bound values. An exclusion keeps views without a value, so that the views of
 * {@code d:x} and of {@code !d:x} add up to all views.
 */
final class FilterSql {
    private FilterSql() {
    }

    /** Appends {@code AND <condition>} for each filter. */
    static void appendAll(SqlBuilder builder, List<Filter> filters) {
        for (Filter filter : filters) {
            builder.sql(" AND ");
            append(builder, filter);
        }
    }

    private static void append(SqlBuilder builder, Filter filter) {
        String column = ViewTable.dimension(filter.dimension()).name();
        if (filter.excluded()) {
            builder.sql("(" + column + " IS NULL OR " + column + " NOT IN (");
            values(builder, filter.values());
            builder.sql("))");
        } else {
            builder.sql(column + " IN (");
            values(builder, filter.values());
            builder.sql(")");
        }
    }

    private static void values(SqlBuilder builder, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                builder.sql(", ");
            }
            builder.param(values.get(i));
        }
    }
}
