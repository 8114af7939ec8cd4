package dev.playtrace.query.sql;

import dev.playtrace.model.Dimension;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The dimension a statement groups by, with stored values renamed (and so merged) where {@code renames} says; every
 * other value keeps its name. Renames are bound parameters.
 *
 * @param missingValue the group of views with no value (before renames); null leaves those views out
 */
public record GroupColumn(Dimension dimension, Map<String, String> renames, String missingValue) {
    public GroupColumn {
        requireNonNull(dimension, "dimension is null");
        renames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(renames, "renames is null")));
    }

    public static GroupColumn of(Dimension dimension) {
        return new GroupColumn(dimension, Map.of(), null);
    }
}
