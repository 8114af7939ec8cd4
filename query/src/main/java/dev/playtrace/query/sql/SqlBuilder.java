package dev.playtrace.query.sql;

import dev.playtrace.store.spi.SqlFragment;
import dev.playtrace.store.spi.SqlStatement;

import java.util.ArrayList;
import java.util.List;

/** Appends SQL text and bound parameters in text order, so placeholders and values cannot drift apart. */
final class SqlBuilder {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    SqlBuilder sql(String text) {
        sql.append(text);
        return this;
    }

    /** Appends a {@code ?} placeholder bound to the value. */
    SqlBuilder param(Object value) {
        sql.append('?');
        parameters.add(value);
        return this;
    }

    /** Appends text holding one {@code ?} per value, bound in order. */
    SqlBuilder sqlWithParams(String text, Object... values) {
        long placeholders = text.chars().filter(c -> c == '?').count();
        if (placeholders != values.length) {
            throw new IllegalArgumentException(placeholders + " placeholders for " + values.length + " values: " + text);
        }
        sql.append(text);
        parameters.addAll(java.util.Arrays.asList(values));
        return this;
    }

    SqlBuilder fragment(SqlFragment fragment) {
        sql.append(fragment.sql());
        parameters.addAll(fragment.parameters());
        return this;
    }

    SqlFragment toFragment() {
        return new SqlFragment(sql.toString(), parameters);
    }

    SqlStatement build() {
        return new SqlStatement(sql.toString(), parameters);
    }
}
