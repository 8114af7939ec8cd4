package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.ConcurrencyPoint;
import dev.playtrace.query.ConcurrencyQuery;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.StartupHistogramPoint;
import dev.playtrace.query.StartupHistogramQuery;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;
import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Real-time monitoring under {@code /data/v1/monitoring} (and its deprecated alias {@code /realtime}), for every
 * monitoring metric the Mux client names:
 * <ul>
 *   <li>{@code current-concurrent-viewers}: views active at the instant ({@code concurrent_viewers}, metrics.md §3).</li>
 *   <li>{@code current-rebuffering-percentage}, {@code exits-before-video-start}, {@code playback-failure-percentage},
 *       {@code video-startup-failure-percentage}, {@code current-average-bitrate}: the catalogue metric
 *       ({@code rebuffer_percentage}, {@code exits_before_video_start}, {@code playback_failure_percentage},
 *       {@code video_startup_failure_percentage}, {@code weighted_average_bitrate} avg) over the views whose play
 *       request falls in the minute before the instant (breakdown: at {@code timestamp}, default now; timeseries:
 *       at each minute), computed by the engine with the viewer counts ({@link ConcurrencyQuery#withRecentMetric}).</li>
 *   <li>{@code video-startup-time} histogram-timeseries: per minute of the last 30, the startup times of the views
 *       whose play request fell in the minute and that started, in six bins (see {@link #histogramTimeseries}).</li>
 * </ul>
 * Every row carries the views active ({@code concurrent_viewers}) and starting up ({@code starting_up_viewers}: play
 * requested, no first frame yet) at the instant. The 5-second breakdown-timeseries carries those counts for every
 * metric; its {@code metric_value} is the viewer count for concurrent viewers and null for the per-minute metrics.
 * Lists and breakdowns echo a {@code timeframe} of epoch seconds, as the client's types require.
 */
final class MonitoringApi {
    static final String CONCURRENT_VIEWERS = "current-concurrent-viewers";
    static final String STARTUP_TIME_HISTOGRAM = "video-startup-time";
    /** Monitoring metric → catalogue metric and measurement, for the metrics computed over recent play requests. */
    private static final Map<String, MetricRequest> CATALOGUE_METRICS = new LinkedHashMap<>();
    private static final Map<String, String> DISPLAY_NAMES = new LinkedHashMap<>();

    static {
        DISPLAY_NAMES.put(CONCURRENT_VIEWERS, "Current Concurrent Viewers (CCV)");
        catalogue("current-rebuffering-percentage", "Current Rebuffering Percentage", "rebuffer_percentage", null);
        catalogue("exits-before-video-start", "Exits Before Video Start", "exits_before_video_start", null);
        catalogue("playback-failure-percentage", "Playback Failure Percentage", "playback_failure_percentage", null);
        catalogue("current-average-bitrate", "Current Average Bitrate", "weighted_average_bitrate", Measurement.AVG);
        catalogue("video-startup-failure-percentage", "Video Startup Failure Percentage",
                "video_startup_failure_percentage", null);
        DISPLAY_NAMES.put(STARTUP_TIME_HISTOGRAM, "Video Startup Time");
    }

    private static void catalogue(String name, String displayName, String metricId, Measurement measurement) {
        CATALOGUE_METRICS.put(name, new MetricRequest(metricId, measurement));
        DISPLAY_NAMES.put(name, displayName);
    }

    private static final List<Dimension> BREAKDOWN_DIMENSIONS = List.of(Dimension.CDN, Dimension.COUNTRY,
            Dimension.OPERATING_SYSTEM, Dimension.PLAYER_NAME, Dimension.STREAM_TYPE, Dimension.SUB_PROPERTY_ID,
            Dimension.VIDEO_SERIES, Dimension.VIDEO_TITLE, Dimension.DEVICE_CATEGORY, Dimension.BROWSER);
    private static final long MINUTE_MS = 60_000L;
    /** The startup-time histogram's bins: [0, 500), [500, 1000), [1000, 2000), [2000, 4000), [4000, 8000), 8000+ ms. */
    static final List<Long> STARTUP_BIN_EDGES_MS = List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L);
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
        DISPLAY_NAMES.forEach((name, displayName) -> {
            ObjectNode item = data.addObject();
            item.put("name", name);
            item.put("display_name", displayName);
        });
        return NativeApi.envelope(data, (long) data.size(), NativeRequests.defaultTimeframe(clock), null);
    }

    JsonNode dimensionList() {
        ArrayNode data = Json.array();
        for (Dimension dimension : BREAKDOWN_DIMENSIONS) {
            ObjectNode item = data.addObject();
            item.put("name", dimension.id());
            item.put("display_name", dimension.id().replace('_', ' '));
        }
        return NativeApi.envelope(data, (long) data.size(), NativeRequests.defaultTimeframe(clock), null);
    }

    /** {@code GET /monitoring/metrics/current-concurrent-viewers}: the value now (a Playtrace addition). */
    JsonNode current(Project project, RequestParameters parameters, ServerRequest request) {
        if (!CONCURRENT_VIEWERS.equals(metricName(request))) {
            throw unknown(metricName(request));
        }
        long nowMs = clock.millis();
        ObjectNode data = Json.object();
        data.put("value", queries.concurrentViewers(
                ConcurrencyQuery.at(project.id(), nowMs, NativeRequests.filters(parameters))).getFirst().viewers());
        data.put("timestamp", ViewJson.iso(nowMs));
        return NativeApi.envelope(data, null, new TimeRange(nowMs, nowMs + 1), null);
    }

    JsonNode breakdown(Project project, RequestParameters parameters, ServerRequest request) {
        String metric = requireMetric(request);
        Dimension dimension = NativeRequests.dimension(parameters.first("dimension")
                .orElseThrow(() -> NativeRequests.invalid("dimension is required")), "dimension");
        long instantMs = timestampMs(parameters, clock.millis());
        boolean descending = NativeRequests.descending(parameters, true);
        ConcurrencyQuery query = ConcurrencyQuery.at(project.id(), instantMs, NativeRequests.filters(parameters))
                .groupedBy(dimension, Integer.MAX_VALUE).withStartingUp();
        MetricRequest catalogueMetric = CATALOGUE_METRICS.get(metric);
        if (catalogueMetric != null) {
            query = query.withRecentMetric(catalogueMetric, Granularity.MINUTE);
        }
        ConcurrencyPoint point = queries.concurrentViewers(query).getFirst();
        List<ConcurrencyPoint.GroupCount> groups = descending ? point.groups() : point.groups().reversed();
        ArrayNode data = Json.array();
        int rank = 1;
        for (ConcurrencyPoint.GroupCount group : groups) {
            ObjectNode item = data.addObject();
            item.put("value", group.value());
            item.put("display_value", group.value());
            putValue(item, "metric_value", catalogueMetric == null ? (Double) (double) group.viewers()
                    : group.recentMetricValue());
            item.put("concurrent_viewers", group.viewers());
            item.put("starting_up_viewers", group.startingUpViewers());
            item.put("negative_impact", rank++);
        }
        return NativeApi.envelope(data, (long) data.size(), new TimeRange(instantMs - MINUTE_MS, instantMs), null);
    }

    /** One point a minute from {@code timestamp} (default 30 minutes ago) to now. */
    JsonNode timeseries(Project project, RequestParameters parameters, ServerRequest request) {
        String metric = requireMetric(request);
        long nowMs = clock.millis();
        long fromMs = timestampMs(parameters, nowMs - DEFAULT_TIMESERIES_SPAN_MS);
        requireWithinTimeseriesSpan(fromMs, nowMs);
        long firstMinuteMs = Math.floorDiv(fromMs, MINUTE_MS) * MINUTE_MS;
        ConcurrencyQuery query = ConcurrencyQuery.between(project.id(), firstMinuteMs, nowMs, MINUTE_MS,
                NativeRequests.filters(parameters));
        MetricRequest catalogueMetric = CATALOGUE_METRICS.get(metric);
        if (catalogueMetric != null) {
            query = query.withRecentMetric(catalogueMetric, Granularity.MINUTE);
        }
        ArrayNode data = Json.array();
        for (ConcurrencyPoint minute : queries.concurrentViewers(query)) {
            ObjectNode point = data.addObject();
            point.put("date", ViewJson.iso(minute.instantMs()));
            putValue(point, "value", catalogueMetric == null ? (Double) (double) minute.viewers()
                    : minute.recentMetricValue());
            point.put("concurrent_viewers", minute.viewers());
        }
        return NativeApi.envelope(data, (long) data.size(), new TimeRange(fromMs, nowMs), null);
    }

    /** 5-second buckets over the timeframe (default the last 60 s, at most 10 minutes). */
    JsonNode breakdownTimeseries(Project project, RequestParameters parameters, ServerRequest request) {
        String metric = requireMetric(request);
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
        boolean concurrency = CONCURRENT_VIEWERS.equals(metric);
        ArrayNode data = Json.array();
        for (ConcurrencyPoint point : queries.concurrentViewers(ConcurrencyQuery.between(project.id(), firstBucketMs,
                range.toMs() - 1, FIVE_SECONDS_MS, filters).groupedBy(dimension, limit).withStartingUp())) {
            ObjectNode bucket = data.addObject();
            bucket.put("date", ViewJson.iso(point.instantMs()));
            ArrayNode values = bucket.putArray("values");
            for (ConcurrencyPoint.GroupCount group : point.groups()) {
                ObjectNode item = values.addObject();
                item.put("value", group.value());
                putValue(item, "metric_value", concurrency ? (Double) (double) group.viewers() : null);
                item.put("concurrent_viewers", group.viewers());
                item.put("starting_up_viewers", group.startingUpViewers());
            }
        }
        return NativeApi.envelope(data, (long) data.size(), range, null);
    }

    /**
     * Per minute of the last 30 (or from {@code timestamp}): the startup times of the views whose play request fell in
     * the minute and that started, as a histogram ({@link #STARTUP_BIN_EDGES_MS}) with their median, average and
     * 95th percentile ({@code video_startup_time}); {@code sum} is the number of those views.
     */
    JsonNode histogramTimeseries(Project project, RequestParameters parameters, ServerRequest request) {
        String metric = metricName(request);
        if (!STARTUP_TIME_HISTOGRAM.equals(metric)) {
            throw unknown(metric);
        }
        long nowMs = clock.millis();
        long timestampMs = timestampMs(parameters, nowMs - DEFAULT_TIMESERIES_SPAN_MS);
        requireWithinTimeseriesSpan(timestampMs, nowMs);
        long fromMs = Math.floorDiv(timestampMs, MINUTE_MS) * MINUTE_MS;
        TimeRange range = new TimeRange(fromMs, nowMs + 1);
        List<Filter> filters = NativeRequests.filters(parameters);
        ArrayNode data = Json.array();
        for (StartupHistogramPoint bucket : queries.startupTimeHistogram(new StartupHistogramQuery(project.id(),
                range, filters, Granularity.MINUTE, STARTUP_BIN_EDGES_MS))) {
            ObjectNode point = data.addObject();
            point.put("timestamp", ViewJson.iso(bucket.bucketStartMs()));
            putValue(point, "median", bucket.medianMs());
            putValue(point, "average", bucket.averageMs());
            putValue(point, "p95", bucket.p95Ms());
            point.put("sum", bucket.startedViews());
            List<Double> percentages = bucket.binPercentages();
            point.put("max_percentage", percentages.stream().mapToDouble(Double::doubleValue).max().orElse(0.0));
            ArrayNode bins = point.putArray("bucket_values");
            for (int bin = 0; bin < percentages.size(); bin++) {
                ObjectNode value = bins.addObject();
                value.put("count", bucket.binCounts().get(bin));
                value.put("percentage", percentages.get(bin));
            }
        }
        ObjectNode meta = Json.object();
        meta.put("bucket_unit", "milliseconds");
        ArrayNode bins = meta.putArray("buckets");
        long start = 0;
        for (long edge : STARTUP_BIN_EDGES_MS) {
            bins.addObject().put("start", start).put("end", edge);
            start = edge;
        }
        bins.addObject().put("start", start).putNull("end");
        return NativeApi.envelope(data, (long) data.size(), new TimeRange(fromMs, nowMs), meta);
    }

    private static void putValue(ObjectNode node, String name, Double value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
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

    private static String metricName(ServerRequest request) {
        return request.path().pathParameters().get("id");
    }

    /** The metric of the path, when it is one served with breakdowns and timeseries. */
    private static String requireMetric(ServerRequest request) {
        String metric = metricName(request);
        if (!CONCURRENT_VIEWERS.equals(metric) && !CATALOGUE_METRICS.containsKey(metric)) {
            throw unknown(metric);
        }
        return metric;
    }

    private static PlaytraceException unknown(String metric) {
        return new PlaytraceException(ErrorCode.UNKNOWN_METRIC, "monitoring metric '" + metric + "' is not served"
                + " here; GET /data/v1/monitoring/metrics lists them (" + STARTUP_TIME_HISTOGRAM
                + " has histogram-timeseries only)");
    }
}
