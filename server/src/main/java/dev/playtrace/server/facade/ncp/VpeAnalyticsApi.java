package dev.playtrace.server.facade.ncp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.Project;
import dev.playtrace.query.ConcurrencyPoint;
import dev.playtrace.query.ConcurrencyQuery;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Grouping;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.Sort;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;
import dev.playtrace.server.http.RouteHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.util.List;
import java.util.function.DoubleFunction;

import static java.util.Objects.requireNonNull;

/**
 * NAVER Cloud VPE Media Analytics ({@code ma-dashboard-api.vpe.naverncp.com}): the seven GET endpoints under
 * {@code /v1}, answered from the metric catalogue (metrics.md §6): {@code playSuccessCnt} = plays,
 * {@code playTimeSum} = playing time in seconds, {@code uniqUsers} = unique viewers, {@code currentViewerCnt} =
 * concurrent viewers at each minute.
 */
final class VpeAnalyticsApi {
    private static final long MINUTE_MS = 60_000L;
    private static final int CURRENT_VIEWER_MINUTES = 60;
    private static final int TOP = 10;
    /** Contents are video ids, each with its most frequent title and stream type. */
    private static final Grouping CONTENTS = Grouping.by(Dimension.VIDEO_ID)
            .withAttributes(List.of(Dimension.VIDEO_TITLE, Dimension.STREAM_TYPE));

    private final QueryService queries;
    private final Clock clock;
    private final RouteHandlers<Project> handlers;

    VpeAnalyticsApi(QueryService queries, Clock clock, RouteHandlers<Project> handlers) {
        this.queries = requireNonNull(queries, "queries is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.handlers = requireNonNull(handlers, "handlers is null");
    }

    void register(HttpRouting.Builder routing) {
        get(routing, "/v1/charts/playCnt", (project, parameters, request) ->
                chart(project, parameters, "playCnt", "plays", "playSuccessCnt", VpeAnalyticsApi::count));
        get(routing, "/v1/charts/playTimeSum", (project, parameters, request) ->
                chart(project, parameters, "playTimeSum", "playing_time", "playTimeSum", VpeAnalyticsApi::decimalSeconds));
        get(routing, "/v1/charts/uniqUserCnt", (project, parameters, request) ->
                chart(project, parameters, "uniqUserCnt", "unique_viewers", "uniqUsers", VpeAnalyticsApi::count));
        get(routing, "/v1/charts/currentViewers", this::currentViewers);
        get(routing, "/v1/contentsSummary", this::contentsSummary);
        get(routing, "/v1/contentsSummary/playCountTop10", (project, parameters, request) ->
                top(project, parameters, "playCountTop10", "plays", "playCount"));
        get(routing, "/v1/contentsSummary/playTimeTop10", (project, parameters, request) ->
                top(project, parameters, "playTimeTop10", "playing_time", "playTime"));
        notFound(routing, "/v1/charts/*");
        notFound(routing, "/v1/contentsSummary/*");
    }

    private void get(HttpRouting.Builder routing, String path, RouteHandlers.Endpoint<Project> endpoint) {
        handlers.get(routing, path, (project, parameters, request) -> {
            VpeRequests.checkQueryLength(request.query().rawValue());
            return endpoint.handle(project, parameters, request);
        });
    }

    /** Any other path under VPE's prefixes: VPE's JSON error, not the server's plain-text 404. */
    private static void notFound(HttpRouting.Builder routing, String pattern) {
        routing.any(pattern, (request, response) -> RouteHandlers.send(response,
                NcpError.vpe(404, "404", "Not found: no VPE API at " + request.path().path()).answer()));
    }

    private static JsonNode count(double value) {
        return Json.MAPPER.getNodeFactory().numberNode(Math.round(value));
    }

    /** Playing time (ms) as VPE's decimal seconds ({@code 246.551}). */
    private static JsonNode decimalSeconds(double valueMs) {
        return Json.MAPPER.getNodeFactory().numberNode(valueMs / 1000.0);
    }

    private static ObjectNode envelope(String message, JsonNode result) {
        ObjectNode body = Json.object();
        body.put("code", 200);
        body.put("message", message);
        body.set("result", result);
        return body;
    }

    private JsonNode chart(Project project, RequestParameters parameters, String name, String metricId, String field,
            DoubleFunction<JsonNode> format) {
        List<Filter> filters = VpeRequests.filters(parameters);
        VpeRequests.Window window = VpeRequests.window(parameters, clock.millis());
        // VPE lists the newest bucket first
        Query query = Query.of(project.id(), metricId, window.range()).withFilters(filters)
                .withGranularity(window.granularity()).withOrder(OrderBy.BUCKET, true);
        if (window.range().fromMs() >= clock.millis()) {
            // a window wholly after now lists its buckets at 0, as a past window without plays does (seeds/000 lists
            // such days), rather than nothing; one reaching past now stops at the current bucket (no false drop to 0)
            query = query.withBucketsAfterNow();
        }
        ArrayNode result = Json.array();
        for (ResultRow bucket : queries.run(query).rows()) {
            ObjectNode item = result.addObject();
            item.set(field, format.apply(bucket.value() == null ? 0.0 : bucket.value()));
            item.put("logDate", VpeRequests.logDate(bucket.bucketStartMs()));
        }
        return envelope(name + " " + window.suffix(), result);
    }

    /** Concurrent viewers at the start of each of the last 60 minutes, the current minute included, newest first. */
    private JsonNode currentViewers(Project project, RequestParameters parameters, ServerRequest request) {
        List<Filter> filters = VpeRequests.filters(parameters);
        long nowMs = clock.millis();
        long currentMinuteMs = Math.floorDiv(nowMs, MINUTE_MS) * MINUTE_MS;
        long firstMinuteMs = currentMinuteMs - (CURRENT_VIEWER_MINUTES - 1) * MINUTE_MS;
        List<ConcurrencyPoint> minutes = queries.concurrentViewers(new ConcurrencyQuery(project.id(), firstMinuteMs,
                MINUTE_MS, CURRENT_VIEWER_MINUTES, filters, null, 0));
        ArrayNode result = Json.array();
        for (ConcurrencyPoint minute : minutes.reversed()) {
            ObjectNode item = result.addObject();
            item.put("currentViewerCnt", minute.viewers());
            item.put("logDate", VpeRequests.logDate(minute.instantMs()));
        }
        return envelope("currentViewers (1m)", result);
    }

    private JsonNode top(Project project, RequestParameters parameters, String name, String metricId, String field) {
        List<Filter> filters = VpeRequests.filters(parameters);
        VpeRequests.Window window = VpeRequests.window(parameters, clock.millis());
        List<ResultRow> rows = queries.run(Query.of(project.id(), metricId, window.range()).withFilters(filters)
                .withGrouping(CONTENTS).withOrder(OrderBy.VALUE, true).withPage(Page.number(TOP, 1))).rows();
        ArrayNode result = Json.array();
        for (ResultRow row : rows) {
            ObjectNode item = content(row);
            long value = row.value() == null ? 0 : playValue(metricId, row.value());
            item.put(field, value);
            result.add(item);
        }
        return envelope(name + " " + window.suffix(), result);
    }

    /** Plays as a count; playing time (ms) as whole seconds, rounded half up (the doc types {@code playTime} Integer). */
    private static long playValue(String metricId, double value) {
        return "playing_time".equals(metricId) ? Math.round(value / 1000.0) : Math.round(value);
    }

    /** One page of contents by plays, most played first; {@code pageNo} 1-1000 (default 1), {@code limit} 10-100 (default 10). */
    private JsonNode contentsSummary(Project project, RequestParameters parameters, ServerRequest request) {
        int pageNo = integer(parameters, "pageNo", 1, 1000, 1);
        int limit = integer(parameters, "limit", 10, 100, 10);
        List<Filter> filters = VpeRequests.filters(parameters);
        VpeRequests.Window window = VpeRequests.window(parameters, clock.millis());
        QueryResult contents = queries.run(Query.of(project.id(),
                        List.of(MetricRequest.of("plays"), MetricRequest.of("playing_time")), window.range())
                .withFilters(filters).withGrouping(CONTENTS)
                .withSort(Sort.byMetric(0, true)).withPage(Page.number(limit, pageNo)));
        ArrayNode list = Json.array();
        for (ResultRow row : contents.rows()) {
            ObjectNode item = content(row);
            item.put("playCount", row.value(0) == null ? 0 : Math.round(row.value(0)));
            item.put("playTime", row.value(1) == null ? 0 : playValue("playing_time", row.value(1)));
            list.add(item);
        }
        ObjectNode result = Json.object();
        result.put("totalCount", contents.totalRowCount());
        result.set("list", list);
        return envelope("contentsSummary " + window.suffix(), result);
    }

    /**
     * The descriptive fields of one content: its most frequent title and stream type among the selected views.
     * {@code url} is null: Playtrace keeps no page or source URL dimension.
     */
    private static ObjectNode content(ResultRow row) {
        ObjectNode item = Json.object();
        item.put("title", row.attribute(Dimension.VIDEO_TITLE));
        item.putNull("url");
        item.put("videoType", VpeRequests.LIVE_STREAM_TYPE.equals(row.attribute(Dimension.STREAM_TYPE)) ? "LIVE" : "VOD");
        item.put("contentsKey", row.group());
        return item;
    }

    private static int integer(RequestParameters parameters, String name, int min, int max, int defaultValue) {
        var text = parameters.first(name).filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value < min || value > max) {
                throw VpeRequests.invalid(name + " must be between " + min + " and " + max + "; got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw VpeRequests.invalid(name + " must be an integer; got '" + text.get() + "'");
        }
    }
}
