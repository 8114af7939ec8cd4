package dev.playtrace.query.sql;

import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The views a metric is computed over: one project's views whose play request lies in {@code range} (already
 * clamped to now) and that pass every filter.
 */
public record ViewSelection(String projectId, TimeRange range, List<Filter> filters) {
    public ViewSelection {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(range, "range is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
    }
}
