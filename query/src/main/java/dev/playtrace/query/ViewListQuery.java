package dev.playtrace.query;

import dev.playtrace.model.TimeRange;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Which views to list: those whose view end (or, with {@link ListedBy#VIEW_START}, view start) lies in
 * {@code range}, matching the filters, optionally of one viewer or one error code, only closed ones when
 * {@code closedOnly}, and only those with an event that carried each field of {@code eventFieldValues} with that
 * value (a player's own fields, kept on its events); newest first unless {@code descending} is false, ordered by the
 * same instant.
 */
public record ViewListQuery(
        String projectId,
        TimeRange range,
        List<Filter> filters,
        String viewerId,
        String errorCode,
        boolean descending,
        Page page,
        ListedBy listedBy,
        boolean closedOnly,
        Map<String, String> eventFieldValues) {
    /** The instant of a view that places it in the range and orders the list. */
    public enum ListedBy { VIEW_END, VIEW_START }

    public ViewListQuery {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(range, "range is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        requireNonNull(page, "page is null");
        requireNonNull(listedBy, "listedBy is null");
        eventFieldValues = Collections.unmodifiableMap(new LinkedHashMap<>(
                requireNonNull(eventFieldValues, "eventFieldValues is null")));
    }

    /** Open and closed views. */
    public ViewListQuery(String projectId, TimeRange range, List<Filter> filters, String viewerId, String errorCode,
            boolean descending, Page page, ListedBy listedBy) {
        this(projectId, range, filters, viewerId, errorCode, descending, page, listedBy, false, Map.of());
    }

    /** Open and closed views, listed by their view end. */
    public ViewListQuery(String projectId, TimeRange range, List<Filter> filters, String viewerId, String errorCode,
            boolean descending, Page page) {
        this(projectId, range, filters, viewerId, errorCode, descending, page, ListedBy.VIEW_END);
    }

    /** The same question about closed views only (the store filters and counts them, so pages stay exact). */
    public ViewListQuery closedViewsOnly() {
        return new ViewListQuery(projectId, range, filters, viewerId, errorCode, descending, page, listedBy, true,
                eventFieldValues);
    }

    /** The same question about views with an event that carried each of these fields with these values. */
    public ViewListQuery withEventFieldValues(Map<String, String> fieldValues) {
        return new ViewListQuery(projectId, range, filters, viewerId, errorCode, descending, page, listedBy, closedOnly,
                fieldValues);
    }
}
