package dev.playtrace.store.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A piece of SQL text with the parameters its {@code ?} placeholders bind, in order. */
public record SqlFragment(String sql, List<Object> parameters) {
    public SqlFragment {
        requireNonNull(sql, "sql is null");
        parameters = Collections.unmodifiableList(new ArrayList<>(requireNonNull(parameters, "parameters is null")));
    }

    public static SqlFragment of(String sql, Object... parameters) {
        return new SqlFragment(sql, java.util.Arrays.asList(parameters));
    }
}
