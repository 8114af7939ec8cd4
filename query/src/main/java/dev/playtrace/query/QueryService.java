package dev.playtrace.query;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;

import java.util.List;
import java.util.Optional;

/**
 * Answers every question an API or the dashboard asks. Facades parse requests into these calls and format the
 * results; they never compute a metric. Unknown metrics, unsupported measurements and similar mistakes raise
 * {@link dev.playtrace.model.PlaytraceException} with a user-error code.
 */
public interface QueryService {
    /** Every metric of the catalogue, in catalogue order. */
    List<MetricDescription> metrics();

    Optional<MetricDescription> metric(String metricId);

    MetricValue overall(Query query);

    /** Rows grouped by {@link Query#groupBy()}, ordered and paged as the query says; groups with a null value are left out. */
    Breakdown breakdown(Query query);

    /**
     * Every bucket of the range on the query's granularity, ascending, empty buckets included with views 0 and the
     * metric's value over no views (metrics.md §5: 0 for counts and sums, null for ratios and per-view statistics).
     */
    List<TimeBucket> timeseries(Query query);

    /** Views active at the instant ({@code first_frame_at <= t < end}), filtered. */
    long concurrentViewersAt(String projectId, long instantMs, List<Filter> filters);

    /** Views active at the instant, per value of the dimension, largest first. */
    List<GroupRow> concurrentViewersBreakdown(String projectId, long instantMs, List<Filter> filters, Dimension dimension);

    ViewPage listViews(ViewListQuery query);

    Optional<View> view(String projectId, String viewId);

    /** Views of every project that were still open when last written (the sessionizer resumes them after a restart). */
    List<View> openViews();

    /** The view's stored events in sequence order. */
    List<PlayerEvent> events(String projectId, String viewId);

    /** Values of a dimension among views with a play request in the range, most frequent first, paged. */
    List<DimensionValue> dimensionValues(String projectId, Dimension dimension, TimeRange range, List<Filter> filters, Page page);

    long dimensionValueCount(String projectId, Dimension dimension, TimeRange range, List<Filter> filters);

    /** Fatal errors of views with a play request in the range, by code, most frequent first. */
    List<ErrorSummary> errors(String projectId, TimeRange range, List<Filter> filters);
}
