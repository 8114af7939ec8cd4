package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.ConcurrencyPoint;
import dev.playtrace.query.ConcurrencyQuery;
import dev.playtrace.query.QueryService;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;
import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Real-time monitoring under {@code /data/v1/monitoring} (and its deprecated alias {@code /realtime}). Playtrace
 * serves the concurrent-viewers metric; the other Mux monitoring metrics are answered with a clear 400.
 */
final class MonitoringApi {
    static final String CONCURRENT_VIEWERS = "current-concurrent-viewers";
    private static final List<Dimension> BREAKDOWN_DIMENSIONS = List.of(Dimension.CDN, Dimension.COUNTRY,
            Dimension.OPERATING_SYSTEM, Dimension.PLAYER_NAME, Dimension.STREAM_TYPE, Dimension.SUB_PROPERTY_ID,
            Dimension.VIDEO_SERIES, Dimension.VIDEO_TITLE, Dimension.DEVICE_CATEGORY, Dimension.BROWSER);
    private static final long MINUTE_MS = 60_000L;
    private static final long FIVE_SECONDS_MS = 5_000L;
    /** The year 3000, as the native API's timeframe[] bounds epoch seconds. */
    private static final long MAX_EPOCH_SECONDS = 32_503_680_000L;
    private static final long MAX_TIMESERIES_SPAN_MS = 24 * 3_600_000L;
    private static final long DEFAULT_TIMESERIES_SPAN_MS = 30 * MINUTE_MS;
    private static final long MAX_BREAKDOWN_TIMESERIES_SPAN_MS = 10 * MINUTE_MS;

    private final QueryService queries;
    private final Clock clock;

    MonitoringApi(QueryService queries, Clock clock) {
        this.queries = requireNonNull(queries, "queries is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    JsonNode metricList() {
        ArrayNode data = Json.array();
        ObjectNode item = data.addObject();
        item.put("name", CONCURRENT_VIEWERS);
        item.put("display_name", "Current Concurrent Viewers (CCV)");
        return NativeApi.envelope(data, 1L, null, null);
    }

    JsonNode dimensionList() {
        ArrayNode data = Json.array();
        for (Dimension dimension : BREAKDOWN_DIMENSIONS) {
            ObjectNode item = data.addObject();
            item.put("name", dimension.id());
            item.put("display_name", dimension.id().replace('_', ' '));
        }
        return NativeApi.envelope(data, (long) data.size(), null, null);
    }

    /** {@code GET /monitoring/metrics/current-concurrent-viewers}: the value now (a Playtrace addition). */
    JsonNode current(Project project, RequestParameters parameters, ServerRequest request) {
        requireConcurrentViewers(request);
        long nowMs = clock.millis();
        ObjectNode data = Json.object();
        data.put("value", queries.concurrentViewers(
                ConcurrencyQuery.at(project.id(), nowMs, NativeRequests.filters(parameters))).getFirst().viewers());
        data.put("timestamp", ViewJson.iso(nowMs));
        return NativeApi.envelope(data, null, null, null);
    }

    JsonNode breakdown(Project project, RequestParameters parameters, ServerRequest request) {
        requireConcurrentViewers(request);
        Dimension dimension = NativeRequests.dimension(parameters.first("dimension")
                .orElseThrow(() -> NativeRequests.invalid("dimension is required")), "dimension");
        long instantMs = timestampMs(parameters, clock.millis());
        boolean descending = NativeRequests.descending(parameters, true);
        ConcurrencyPoint point = queries.concurrentViewers(ConcurrencyQuery.at(project.id(), instantMs,
                NativeRequests.filters(parameters)).groupedBy(dimension, Integer.MAX_VALUE)).getFirst();
        List<ConcurrencyPoint.GroupCount> groups = descending ? point.groups() : point.groups().reversed();
        ArrayNode data = Json.array();
        int rank = 1;
        for (ConcurrencyPoint.GroupCount group : groups) {
            ObjectNode item = data.addObject();
            item.put("value", group.value());
            item.put("display_value", group.value());
            item.put("metric_value", (double) group.viewers());
            item.put("concurrent_viewers", group.viewers());
            item.put("negative_impact", rank++);
        }
        return NativeApi.envelope(data, (long) data.size(), null, null);
    }

    /** One point a minute from {@code timestamp} (default 30 minutes ago) to now. */
    JsonNode timeseries(Project project, RequestParameters parameters, ServerRequest request) {
        requireConcurrentViewers(request);
        long nowMs = clock.millis();
        long fromMs = timestampMs(parameters, nowMs - DEFAULT_TIMESERIES_SPAN_MS);
        requireWithinTimeseriesSpan(fromMs, nowMs);
        List<Filter> filters = NativeRequests.filters(parameters);
        long firstMinuteMs = Math.floorDiv(fromMs, MINUTE_MS) * MINUTE_MS;
        ArrayNode data = Json.array();
        for (ConcurrencyPoint minute : queries.concurrentViewers(
                ConcurrencyQuery.between(project.id(), firstMinuteMs, nowMs, MINUTE_MS, filters))) {
            ObjectNode point = data.addObject();
            point.put("date", ViewJson.iso(minute.instantMs()));
            point.put("value", minute.viewers());
            point.put("concurrent_viewers", minute.viewers());
        }
        return NativeApi.envelope(data, (long) data.size(), new TimeRange(fromMs, nowMs), null);
    }

    /** 5-second buckets over the timeframe (default the last 60 s, at most 10 minutes). */
    JsonNode breakdownTimeseries(Project project, RequestParameters parameters, ServerRequest request) {
        requireConcurrentViewers(request);
        Dimension dimension = NativeRequests.dimension(parameters.first("dimension")
                .orElseThrow(() -> NativeRequests.invalid("dimension is required")), "dimension");
        long nowMs = clock.millis();
        TimeRange range = parameters.has("timeframe")
                ? NativeRequests.timeframe(parameters, clock) : new TimeRange(nowMs - MINUTE_MS, nowMs);
        if (range.durationMs() > MAX_BREAKDOWN_TIMESERIES_SPAN_MS) {
            throw NativeRequests.invalid("breakdown-timeseries timeframe is at most 10 minutes");
        }
        int limit = parameters.integer("limit", 1, 100).orElse(10);
        List<Filter> filters = NativeRequests.filters(parameters);
        long firstBucketMs = Math.floorDiv(range.fromMs(), FIVE_SECONDS_MS) * FIVE_SECONDS_MS;
        ArrayNode data = Json.array();
        for (ConcurrencyPoint point : queries.concurrentViewers(ConcurrencyQuery.between(project.id(), firstBucketMs,
                range.toMs() - 1, FIVE_SECONDS_MS, filters).groupedBy(dimension, limit))) {
            ObjectNode bucket = data.addObject();
            bucket.put("date", ViewJson.iso(point.instantMs()));
            ArrayNode values = bucket.putArray("values");
            for (ConcurrencyPoint.GroupCount group : point.groups()) {
                ObjectNode item = values.addObject();
                item.put("value", group.value());
                item.put("metric_value", (double) group.viewers());
                item.put("concurrent_viewers", group.viewers());
            }
        }
        return NativeApi.envelope(data, (long) data.size(), range, null);
    }

    private static long timestampMs(RequestParameters parameters, long defaultMs) {
        return parameters.first("timestamp").filter(t -> !t.isBlank()).map(text -> {
            long seconds;
            try {
                seconds = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw NativeRequests.invalid("timestamp must be epoch seconds; got '" + text + "'");
            }
            if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) {
                throw NativeRequests.invalid("timestamp must be epoch seconds between 0 and " + MAX_EPOCH_SECONDS
                        + "; got '" + text + "'");
            }
            return seconds * 1000;
        }).orElse(defaultMs);
    }

    /** The timeseries has one point a minute: a start far in the past would be an unbounded answer. */
    private static void requireWithinTimeseriesSpan(long fromMs, long nowMs) {
        if (nowMs - fromMs > MAX_TIMESERIES_SPAN_MS) {
            throw NativeRequests.invalid("timestamp of the timeseries may be at most "
                    + MAX_TIMESERIES_SPAN_MS / 3_600_000L + " hours ago");
        }
    }

    private static void requireConcurrentViewers(ServerRequest request) {
        String metricId = request.path().pathParameters().get("id");
        if (!CONCURRENT_VIEWERS.equals(metricId)) {
            throw new PlaytraceException(ErrorCode.UNKNOWN_METRIC, "monitoring metric '" + metricId
                    + "' is not served; Playtrace serves " + CONCURRENT_VIEWERS);
        }
    }
}
