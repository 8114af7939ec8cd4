package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.DimensionValue;
import dev.playtrace.query.DimensionValuePage;
import dev.playtrace.query.ErrorSummary;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.MetricDescription;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.query.ViewPage;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.ErrorBodyFormat;
import dev.playtrace.server.http.RequestParameters;
import dev.playtrace.server.http.RouteHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The native query API under {@code /data/v1}, in the shape of the Mux Data API so Mux's own clients can read from
 * Playtrace. It parses requests into {@link Query} values and formats {@link QueryService} results; it computes no
 * metric.
 */
public final class NativeApi {
    private static final String PREFIX = "/data/v1";

    private final QueryService queries;
    private final Clock clock;
    private final RouteHandlers<Project> handlers;
    private final MonitoringApi monitoring;

    public NativeApi(QueryService queries, Clock clock, RouteHandlers<Project> handlers) {
        this.queries = requireNonNull(queries, "queries is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.handlers = requireNonNull(handlers, "handlers is null");
        this.monitoring = new MonitoringApi(queries, clock);
    }

    /** Mux's error wire format, with the status of each category. */
    public static final ErrorBodyFormat ERRORS = ErrorBodyFormat.keepingStatus(NativeApi::errorBody);

    /** Mux's error body: {@code {"error": {"type": "...", "messages": ["..."]}}}. */
    public static ObjectNode errorBody(ErrorCode code, int status, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("type", switch (code.type()) {
            case USER_ERROR -> "invalid_parameters";
            case NOT_FOUND -> "not_found";
            case UNAUTHENTICATED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case CONFLICT -> "conflict";
            case RATE_LIMITED -> "too_many_requests";
            case UNAVAILABLE -> "service_unavailable";
            case INTERNAL -> "internal_error";
        });
        error.putArray("messages").add(message);
        return body;
    }

    public void register(HttpRouting.Builder routing) {
        // comparison must be routed before the /metrics/{id} patterns
        get(routing, "/metrics/comparison", this::comparison);
        get(routing, "/metrics", (project, parameters, request) -> metricList());
        get(routing, "/metrics/{id}/overall", this::overall);
        get(routing, "/metrics/{id}/breakdown", this::breakdown);
        get(routing, "/metrics/{id}/timeseries", this::timeseries);
        get(routing, "/metrics/{id}/insights", this::insights);
        get(routing, "/video-views", this::videoViews);
        get(routing, "/video-views/{id}", this::videoView);
        for (String listName : List.of("/dimensions", "/filters")) {
            get(routing, listName, (project, parameters, request) -> dimensionList());
            get(routing, listName + "/{id}", this::dimensionValues);
        }
        get(routing, "/errors", this::errors);
        // Playtrace keeps no daily export files: an empty list, typed as Mux's client expects
        notServed(routing);
        get(routing, "/project", ProjectInfo::describe);
        for (String monitoringPrefix : List.of("/monitoring", "/realtime")) {
            get(routing, monitoringPrefix + "/metrics", (project, parameters, request) -> monitoring.metricList());
            get(routing, monitoringPrefix + "/dimensions", (project, parameters, request) -> monitoring.dimensionList());
            get(routing, monitoringPrefix + "/metrics/{id}", monitoring::current);
            get(routing, monitoringPrefix + "/metrics/{id}/breakdown", monitoring::breakdown);
            get(routing, monitoringPrefix + "/metrics/{id}/timeseries", monitoring::timeseries);
            get(routing, monitoringPrefix + "/metrics/{id}/breakdown-timeseries", monitoring::breakdownTimeseries);
            get(routing, monitoringPrefix + "/metrics/{id}/histogram-timeseries", monitoring::histogramTimeseries);
        }
    }

    /**
     * Mux Data products Playtrace does not have (annotations, incidents, subview metrics, engagement heatmaps, CDN
     * trace elements): a JSON 404 {@code not_found} saying so, which Mux's clients raise at once (they retry 5xx).
     */
    private void notServed(HttpRouting.Builder routing) {
        NOT_SERVED.forEach((path, product) -> {
            RouteHandlers.Endpoint<Project> answer = (project, parameters, request) -> {
                throw new PlaytraceException(ErrorCode.NOT_FOUND, "Playtrace has no " + product
                        + " (a Mux Data product it does not implement); GET /openapi.yaml lists what it serves");
            };
            routing.any(PREFIX + path, handlers.handler("ANY " + PREFIX + path, answer));
        });
    }

    /** Paths under {@code /data/v1} of Mux Data products Playtrace does not have, with the product's name. */
    public static final Map<String, String> NOT_SERVED = notServedProducts();

    private static Map<String, String> notServedProducts() {
        Map<String, String> products = new LinkedHashMap<>();
        products.put("/annotations", "annotations");
        products.put("/annotations/{id}", "annotations");
        products.put("/incidents", "incidents");
        products.put("/incidents/{id}", "incidents");
        products.put("/incidents/{id}/related", "incidents");
        products.put("/dimensions/{id}/elements", "CDN trace elements");
        for (String kind : List.of("assets", "playback-ids", "videos")) {
            products.put("/engagement/" + kind + "/{id}/heatmap", "engagement heatmaps");
            products.put("/engagement/" + kind + "/{id}/hotspots", "engagement hotspots");
        }
        products.put("/subview-metrics/{type}/dimensions", "subview metrics");
        products.put("/subview-metrics/{type}/dimensions/{dimension}", "subview metrics");
        for (String view : List.of("overall", "breakdown", "comparison", "breakdown-timeseries")) {
            products.put("/subview-metrics/{metric}/{type}/" + view, "subview metrics");
        }
        return java.util.Collections.unmodifiableMap(products);
    }

    private void get(HttpRouting.Builder routing, String path, RouteHandlers.Endpoint<Project> endpoint) {
        handlers.get(routing, PREFIX + path, endpoint);
    }

    /** What lists that take no timeframe echo as theirs: the default window, the last 24 hours (Mux does the same). */
    private TimeRange defaultWindow() {
        return NativeRequests.defaultTimeframe(clock);
    }

    private JsonNode metricList() {
        ArrayNode data = Json.array();
        for (MetricDescription metric : queries.metrics()) {
            ObjectNode item = data.addObject();
            item.put("id", metric.id());
            item.put("name", metric.id());
            item.put("description", metric.description());
            item.put("formula", metric.formula());
            item.put("unit", metric.unit());
            item.put("default_measurement", metric.defaultMeasurement().wireName());
            ArrayNode measurements = item.putArray("measurements");
            metric.measurements().stream().sorted().forEach(m -> measurements.add(m.wireName()));
        }
        return envelope(data, (long) data.size(), defaultWindow(), null);
    }

    private Query metricQuery(Project project, RequestParameters parameters, ServerRequest request) {
        String metricId = request.path().pathParameters().get("id");
        if (queries.metric(metricId).isEmpty()) {
            throw new PlaytraceException(ErrorCode.UNKNOWN_METRIC,
                    "unknown metric '" + metricId + "'; GET /data/v1/metrics lists them");
        }
        TimeRange range = NativeRequests.timeframe(parameters, clock);
        return Query.of(project.id(), metricId, range)
                .withFilters(NativeRequests.filters(parameters))
                .withMeasurement(NativeRequests.measurement(parameters));
    }

    private JsonNode overall(Project project, RequestParameters parameters, ServerRequest request) {
        Query query = metricQuery(project, parameters, request);
        QueryResult result = queries.run(query);
        ResultRow value = result.total();
        ObjectNode data = Json.object();
        // Mux's clients type the overall value as a number: an undefined ratio is 0, total_views says why
        data.put("value", value.value() == null ? 0.0 : value.value());
        data.put("total_views", value.views());
        data.put("total_watch_time", value.watchTimeMs());
        data.put("total_playing_time", value.playingTimeMs());
        data.putNull("global_value");
        return envelope(data, null, query.range(), meta(result, Granularity.auto(query.range())));
    }

    private JsonNode breakdown(Project project, RequestParameters parameters, ServerRequest request) {
        Dimension groupBy = NativeRequests.dimension(parameters.first("group_by")
                .orElseThrow(() -> NativeRequests.invalid("group_by is required: the dimension to break down by")), "group_by");
        Query query = metricQuery(project, parameters, request)
                .withGroupBy(groupBy)
                .withOrder(NativeRequests.orderBy(parameters, OrderBy.VALUE), NativeRequests.descending(parameters, true))
                .withPage(NativeRequests.page(parameters))
                .withImpactRanks();
        QueryResult breakdown = queries.run(query);
        ArrayNode data = Json.array();
        for (ResultRow row : breakdown.rows()) {
            data.add(groupRow(row));
        }
        return envelope(data, breakdown.totalRowCount(), query.range(), meta(breakdown, Granularity.auto(query.range())));
    }

    private static ObjectNode groupRow(ResultRow row) {
        ObjectNode item = Json.object();
        item.put("field", row.group());
        item.put("value", row.value());
        item.put("views", row.views());
        item.put("negative_impact", row.negativeImpact());
        item.put("total_watch_time", row.watchTimeMs());
        item.put("total_playing_time", row.playingTimeMs());
        return item;
    }

    private JsonNode timeseries(Project project, RequestParameters parameters, ServerRequest request) {
        Query base = metricQuery(project, parameters, request);
        Granularity granularity = NativeRequests.granularity(parameters);
        Granularity effective = granularity == null ? Granularity.auto(base.range()) : granularity;
        Query query = base.withGranularity(effective)
                .withOrder(OrderBy.BUCKET, NativeRequests.descending(parameters, false));
        QueryResult result = queries.run(query);
        List<ResultRow> buckets = result.rows();
        ArrayNode data = Json.array();
        for (ResultRow bucket : buckets) {
            ArrayNode point = data.addArray();
            point.add(ViewJson.iso(bucket.bucketStartMs()));
            if (bucket.value() == null) {
                point.addNull();
            } else {
                point.add(bucket.value());
            }
            point.add(bucket.views());
        }
        return envelope(data, (long) buckets.size(), query.range(), meta(result, effective));
    }

    /** The worst values of the metric across the basic dimensions, worst first. */
    private JsonNode insights(Project project, RequestParameters parameters, ServerRequest request) {
        Query base = metricQuery(project, parameters, request);
        List<ObjectNode> items = new ArrayList<>();
        List<int[]> ranks = new ArrayList<>();
        QueryResult breakdown = null;
        for (Dimension dimension : Dimension.values()) {
            if (dimension.group() != Dimension.Group.BASIC) {
                continue;
            }
            breakdown = queries.run(base.withGroupBy(dimension)
                    .withOrder(OrderBy.NEGATIVE_IMPACT, false).withPage(Page.number(5, 1)).withImpactRanks());
            for (ResultRow row : breakdown.rows()) {
                ObjectNode item = Json.object();
                item.put("filter_column", dimension.id());
                item.put("filter_value", row.group());
                item.put("metric", row.value());
                item.put("negative_impact_score", row.negativeImpact());
                item.put("total_views", row.views());
                item.put("total_watch_time", row.watchTimeMs());
                item.put("total_playing_time", row.playingTimeMs());
                items.add(item);
                ranks.add(new int[] {row.negativeImpact(), items.size() - 1});
            }
        }
        ranks.sort(Comparator.comparingInt((int[] r) -> r[0]).thenComparingInt(r -> r[1]));
        ArrayNode data = Json.array();
        ranks.forEach(r -> data.add(items.get(r[1])));
        return envelope(data, (long) data.size(), base.range(), meta(requireNonNull(breakdown, "no basic dimension"), Granularity.auto(base.range())));
    }

    /** Every metric for the views of one dimension value. */
    private JsonNode comparison(Project project, RequestParameters parameters, ServerRequest request) {
        TimeRange range = NativeRequests.timeframe(parameters, clock);
        List<dev.playtrace.query.Filter> filters = new ArrayList<>(NativeRequests.filters(parameters));
        if (parameters.first("dimension").isPresent()) {
            Dimension dimension = NativeRequests.dimension(parameters.first("dimension").get(), "dimension");
            String value = parameters.first("value")
                    .orElseThrow(() -> NativeRequests.invalid("value is required with dimension"));
            filters.add(dev.playtrace.query.Filter.equalTo(dimension, value));
        }
        List<MetricRequest> everyMetric = queries.metrics().stream().map(metric -> MetricRequest.of(metric.id())).toList();
        QueryResult result = queries.run(Query.of(project.id(), everyMetric, range).withFilters(filters));
        ResultRow segment = result.total();
        ArrayNode data = Json.array();
        for (int i = 0; i < result.metrics().size(); i++) {
            MetricDescription metric = result.metrics().get(i).description();
            ObjectNode item = data.addObject();
            item.put("name", metric.id());
            item.put("type", metric.unit().equals("score") ? "score" : "metric");
            item.put("metric", metric.id());
            // Mux's client types value as a number: an undefined ratio is 0 here as in overall (view_count says why)
            item.put("value", segment.value(i) == null ? 0.0 : segment.value(i));
            item.put("measurement", result.metrics().get(i).measurement().wireName());
            item.put("view_count", segment.views());
            item.put("watch_time", segment.watchTimeMs());
            item.put("total_playing_time", segment.playingTimeMs());
            item.putArray("items");
        }
        return envelope(data, (long) data.size(), range, null);
    }

    private JsonNode videoViews(Project project, RequestParameters parameters, ServerRequest request) {
        TimeRange range = NativeRequests.timeframe(parameters, clock);
        ViewListQuery query = new ViewListQuery(project.id(), range, NativeRequests.filters(parameters),
                parameters.first("viewer_id").orElse(null), parameters.first("error_id").orElse(null),
                NativeRequests.descending(parameters, true), NativeRequests.page(parameters));
        ViewPage page = queries.listViews(query);
        ArrayNode data = Json.array();
        for (View view : page.views()) {
            data.add(ViewJson.listItem(view, page.totalRowCount()));
        }
        return envelope(data, page.totalRowCount(), range, null);
    }

    private JsonNode videoView(Project project, RequestParameters parameters, ServerRequest request) {
        String viewId = request.path().pathParameters().get("id");
        View view = queries.view(project.id(), viewId).orElseThrow(() ->
                new PlaytraceException(ErrorCode.NOT_FOUND, "no video view with id '" + viewId + "'"));
        return envelope(ViewJson.full(view, queries.events(view)), null,
                new TimeRange(view.viewStartMs(), Math.max(view.viewEndMs(), view.viewStartMs() + 1)), null);
    }

    private JsonNode dimensionList() {
        ObjectNode data = Json.object();
        ArrayNode basic = data.putArray("basic");
        ArrayNode advanced = data.putArray("advanced");
        for (Dimension dimension : Dimension.values()) {
            switch (dimension.group()) {
                case BASIC -> basic.add(dimension.id());
                case ADVANCED, OUTCOME -> advanced.add(dimension.id());
            }
        }
        return envelope(data, (long) (basic.size() + advanced.size()), defaultWindow(), null);
    }

    private JsonNode dimensionValues(Project project, RequestParameters parameters, ServerRequest request) {
        Dimension dimension = NativeRequests.dimension(request.path().pathParameters().get("id"), "dimension");
        TimeRange range = NativeRequests.timeframe(parameters, clock);
        List<dev.playtrace.query.Filter> filters = NativeRequests.filters(parameters);
        Page page = NativeRequests.page(parameters);
        DimensionValuePage values = queries.dimensionValues(project.id(), dimension, range, filters, page);
        ArrayNode data = Json.array();
        for (DimensionValue value : values.values()) {
            ObjectNode item = data.addObject();
            item.put("value", value.value());
            item.put("total_count", value.totalCount());
        }
        return envelope(data, values.totalCount(), range, null);
    }

    private JsonNode errors(Project project, RequestParameters parameters, ServerRequest request) {
        TimeRange range = NativeRequests.timeframe(parameters, clock);
        List<ErrorSummary> errors = queries.errors(project.id(), range, NativeRequests.filters(parameters));
        ArrayNode data = Json.array();
        int id = 1;
        for (ErrorSummary error : errors) {
            ObjectNode item = data.addObject();
            item.put("id", id++);
            // Mux types code as number | null: the player's code when it is a whole number, else null; the player's
            // code as sent (e.g. "bufferAppendError") is always in player_error_code
            Long numericCode = numericErrorCode(error.code());
            if (numericCode == null) {
                item.putNull("code");
            } else {
                item.put("code", numericCode);
            }
            item.put("player_error_code", error.code());
            item.put("message", error.message());
            item.putNull("description");
            item.putNull("notes");
            item.put("count", error.count());
            item.put("percentage", error.percentage());
            item.put("last_seen", ViewJson.iso(error.lastSeenMs()));
        }
        return envelope(data, (long) data.size(), range, null);
    }

    static Long numericErrorCode(String playerCode) {
        if (playerCode == null || !playerCode.trim().matches("-?\\d{1,15}")) {
            return null;
        }
        return Long.parseLong(playerCode.trim());
    }

    private static ObjectNode meta(QueryResult result, Granularity granularity) {
        ObjectNode meta = Json.object();
        meta.put("granularity", granularity.wireName());
        meta.put("aggregation", result.metrics().getFirst().measurement().wireName());
        return meta;
    }

    static ObjectNode envelope(JsonNode data, Long totalRowCount, TimeRange range, ObjectNode meta) {
        ObjectNode body = Json.object();
        body.set("data", data);
        if (totalRowCount == null) {
            body.putNull("total_row_count");
        } else {
            body.put("total_row_count", totalRowCount);
        }
        if (range == null) {
            body.putNull("timeframe");
        } else {
            body.putArray("timeframe").add(range.fromMs() / 1000).add(range.toMs() / 1000);
        }
        if (meta != null) {
            body.set("meta", meta);
        }
        return body;
    }
}
