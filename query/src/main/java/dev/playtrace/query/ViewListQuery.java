package dev.playtrace.query;

import dev.playtrace.model.TimeRange;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Which views to list: those whose view end lies in {@code range}, matching the filters, optionally of one viewer
 * or one error code, newest first unless {@code descending} is false.
 */
public record ViewListQuery(
        String projectId,
        TimeRange range,
        List<Filter> filters,
        String viewerId,
        String errorCode,
        boolean descending,
        Page page) {
    public ViewListQuery {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(range, "range is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        requireNonNull(page, "page is null");
    }
}
