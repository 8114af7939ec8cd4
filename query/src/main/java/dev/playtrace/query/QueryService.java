package dev.playtrace.query;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers every question an API or the dashboard asks. Facades parse requests into these calls and format the
 * results; they never compute, join, sort or page a metric. Unknown metrics, unsupported measurements and similar
 * mistakes raise {@link dev.playtrace.model.PlaytraceException} with a user-error code.
 */
public interface QueryService {
    /** Every metric of the catalogue, in catalogue order. */
    List<MetricDescription> metrics();

    Optional<MetricDescription> metric(String metricId);

    /**
     * Every metric question: one or several metrics, over all selected views, per group or per time bucket, sorted
     * and paged. Empty buckets carry each metric's value over no views (metrics.md §5: 0 for counts and sums, null
     * for ratios and per-view statistics) and 0 views.
     */
    QueryResult run(Query query);

    /** Views active at each instant of the query (the real-time series). */
    List<ConcurrencyPoint> concurrentViewers(ConcurrencyQuery query);

    /** Started views per startup-time bin, for every time bucket of the range (empty buckets with zeros). */
    List<StartupHistogramPoint> startupTimeHistogram(StartupHistogramQuery query);

    ViewPage listViews(ViewListQuery query);

    Optional<View> view(String projectId, String viewId);

    /** Views of every project that were still open when last written (the sessionizer resumes them after a restart). */
    List<View> openViews();

    /** The view's stored events in sequence order. */
    List<PlayerEvent> events(String projectId, String viewId);

    /** A view's stored events in sequence order, for a view already read (the store need not read its row again). */
    default List<PlayerEvent> events(View view) {
        return events(view.projectId(), view.viewId());
    }

    /**
     * The stored events of several views of one project (e.g. a page of listed sessions), each view's in sequence
     * order, keyed by view id in the order given; a view without events has an empty list. The engine reads them in
     * one store call; this default asks view by view.
     */
    default Map<String, List<PlayerEvent>> events(String projectId, List<String> viewIds) {
        Map<String, List<PlayerEvent>> events = new LinkedHashMap<>();
        viewIds.forEach(viewId -> events.put(viewId, events(projectId, viewId)));
        return events;
    }

    /**
     * Values of a dimension among views with a play request in the range, most frequent first, with how many values
     * there are in all.
     *
     * @param page null for every value
     */
    DimensionValuePage dimensionValues(String projectId, Dimension dimension, TimeRange range, List<Filter> filters,
                                       Page page);

    /** Fatal errors of views with a play request in the range, by code, most frequent first. */
    List<ErrorSummary> errors(String projectId, TimeRange range, List<Filter> filters);
}
