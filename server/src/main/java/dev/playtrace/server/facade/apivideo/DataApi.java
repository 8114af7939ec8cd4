package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.DimensionValue;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Grouping;
import dev.playtrace.query.KeptGroups;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * api.video's current analytics ({@code /data/metrics/{metric}/{aggregation}}, {@code /data/buckets/{metric}/{breakdown}},
 * {@code /data/timeseries/{metric}}; anchors.md §c.9), over the catalogue metrics:
 * {@code play} and {@code start} → {@code plays} (a Playtrace started view is both; metrics.md §6), {@code end} →
 * {@code ended_plays}, {@code impression} → {@code views} (a play request is the earliest a view is recorded),
 * {@code watch-time} (sum, seconds) → {@code watch_time}, {@code impression-time} (average, ms) →
 * {@code video_startup_time} avg. Rates, the {@code continent} breakdown and filter, and {@code filterBy[tag]} are not
 * supported (400).
 */
final class DataApi {
    private static final long DAY_MS = 86_400_000L;
    private static final int MAX_DAYS_BACK = 30;
    private static final DateTimeFormatter ATOM = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    private static final Map<String, String> COUNT_METRICS = Map.of(
            "play", "plays", "start", "plays", "end", "ended_plays", "impression", "views");
    private static final List<String> BREAKDOWNS = List.of(
            "media-id", "media-type", "country", "device-type", "operating-system", "browser");
    private static final List<String> FILTERS = List.of(
            "mediaId", "mediaType", "country", "deviceType", "operatingSystem", "browser");

    private final QueryService queries;
    private final Clock clock;

    DataApi(QueryService queries, Clock clock) {
        this.queries = requireNonNull(queries, "queries is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    ObjectNode metric(Project project, String metric, String aggregation, String rawQuery) {
        RequestParameters parameters = RequestParameters.parse(rawQuery);
        TimeRange range = timeframe(parameters);
        List<Filter> filters = filters(project, range, rawQuery, parameters);
        Query query;
        double scale = 1.0;
        if (COUNT_METRICS.containsKey(metric) && aggregation.equals("count")) {
            query = Query.of(project.id(), COUNT_METRICS.get(metric), range);
        } else if (metric.equals("watch-time") && aggregation.equals("sum")) {
            query = Query.of(project.id(), "watch_time", range);
            scale = 1.0 / 1000;
        } else if (metric.equals("impression-time") && aggregation.equals("average")) {
            query = Query.of(project.id(), "video_startup_time", range).withMeasurement(Measurement.AVG);
        } else if (isMetric(metric)) {
            throw ApiVideoException.invalidQueryParameter("This aggregation is not supported for this metric.", "aggregation");
        } else {
            throw unknownMetric();
        }
        ResultRow value = queries.run(query.withFilters(filters)).total();
        ObjectNode body = Json.object();
        ObjectNode context = context(body, metric, range);
        context.put("aggregation", aggregation);
        if (value.value() == null) {
            body.putNull("data");
        } else if (scale == 1.0 && !metric.equals("impression-time")) {
            body.put("data", Math.round(value.value()));
        } else {
            body.put("data", value.value() * scale);
        }
        return body;
    }

    ObjectNode buckets(Project project, String metric, String breakdown, String rawQuery, String path) {
        RequestParameters parameters = RequestParameters.parse(rawQuery);
        String metricId = countMetric(metric);
        if (!BREAKDOWNS.contains(breakdown)) {
            throw ApiVideoException.invalidQueryParameter(
                    "This value must be part of the following values: " + String.join(",", BREAKDOWNS), "breakdown");
        }
        TimeRange range = timeframe(parameters);
        List<Filter> filters = filters(project, range, rawQuery, parameters);
        String sortBy = parameters.first("sortBy").orElse("metricValue");
        if (!sortBy.equals("metricValue") && !sortBy.equals("dimensionValue")) {
            throw ApiVideoException.invalidQueryParameter(
                    "This value must be part of the following values: metricValue,dimensionValue", "sortBy");
        }
        boolean ascending = sortOrder(parameters, false);
        Pagination.Request page = Pagination.Request.parse(parameters);
        // ties on the metric value are always by dimension value ascending (the engine's tie-break)
        Query query = Query.of(project.id(), metricId, range).withFilters(filters)
                .withOrder(sortBy.equals("metricValue") ? OrderBy.VALUE : OrderBy.FIELD, !ascending)
                .withPage(new Page(page.pageSize(), page.offset()))
                .keeping(KeptGroups.NONZERO);
        QueryResult result = queries.run(switch (breakdown) {
            case "media-type" -> query.withGrouping(Grouping.by(Dimension.STREAM_TYPE)
                    .withMissingValuesAs(ApiVideoValues.UNKNOWN_STREAM_TYPE).mappedBy(ApiVideoValues::mediaType));
            case "media-id" -> query.withGroupBy(Dimension.VIDEO_ID);
            case "country" -> query.withGrouping(Grouping.by(Dimension.COUNTRY)
                    .mappedBy(code -> code.toUpperCase(java.util.Locale.ROOT)));
            case "device-type" -> query.withGrouping(Grouping.by(Dimension.DEVICE_CATEGORY).mappedBy(ApiVideoValues::deviceType));
            case "operating-system" -> query.withGrouping(Grouping.by(Dimension.OPERATING_SYSTEM)
                    .mappedBy(ApiVideoValues::operatingSystem));
            case "browser" -> query.withGrouping(Grouping.by(Dimension.BROWSER).mappedBy(ApiVideoValues::browser));
            default -> throw new IllegalStateException("breakdown checked above: " + breakdown);
        });
        ObjectNode body = Json.object();
        context(body, metric, range).put("breakdown", breakdown);
        ArrayNode data = body.putArray("data");
        for (ResultRow row : result.rows()) {
            data.addObject().put("metricValue", Math.round(row.value())).put("dimensionValue", row.group());
        }
        body.set("pagination", Pagination.of(page, result.rows().size(), result.totalRowCount(), path, linkQuery(rawQuery)));
        return body;
    }

    ObjectNode timeseries(Project project, String metric, String rawQuery, String path) {
        RequestParameters parameters = RequestParameters.parse(rawQuery);
        String metricId = countMetric(metric);
        TimeRange range = timeframe(parameters);
        List<Filter> filters = filters(project, range, rawQuery, parameters);
        String interval = parameters.first("interval").orElse("hour");
        Granularity granularity = switch (interval) {
            case "hour" -> Granularity.HOUR;
            case "day" -> Granularity.DAY;
            default -> throw ApiVideoException.invalidQueryParameter(
                    "This value must be part of the following values: hour,day", "interval");
        };
        boolean ascending = sortOrder(parameters, true);
        Pagination.Request page = Pagination.Request.parse(parameters);
        QueryResult buckets = queries.run(Query.of(project.id(), metricId, range).withFilters(filters)
                .withGranularity(granularity)
                .withOrder(OrderBy.BUCKET, !ascending)
                .withPage(new Page(page.pageSize(), page.offset())));
        List<ResultRow> pageItems = buckets.rows();
        ObjectNode body = Json.object();
        context(body, metric, range).put("interval", interval);
        ArrayNode data = body.putArray("data");
        for (ResultRow bucket : pageItems) {
            data.addObject().put("emittedAt", ATOM.format(Instant.ofEpochMilli(bucket.bucketStartMs())))
                    .put("metricValue", bucket.value() == null ? 0 : Math.round(bucket.value()));
        }
        body.set("pagination", Pagination.of(page, pageItems.size(), buckets.totalRowCount(), path, linkQuery(rawQuery)));
        return body;
    }

    private static boolean isMetric(String metric) {
        return COUNT_METRICS.containsKey(metric) || metric.equals("watch-time") || metric.equals("impression-time");
    }

    private static String countMetric(String metric) {
        String metricId = COUNT_METRICS.get(metric);
        if (metricId == null) {
            throw unknownMetric();
        }
        return metricId;
    }

    private static ApiVideoException unknownMetric() {
        return ApiVideoException.invalidQueryParameter(
                "This value must be part of the following values: play,start,end,impression,impression-time,watch-time", "metric");
    }

    private static ObjectNode context(ObjectNode body, String metric, TimeRange range) {
        ObjectNode context = body.putObject("context");
        context.put("metric", metric);
        ObjectNode timeframe = context.putObject("timeframe");
        timeframe.put("from", ATOM.format(Instant.ofEpochMilli(range.fromMs())));
        timeframe.put("to", ATOM.format(Instant.ofEpochMilli(range.toMs())));
        return context;
    }

    private static boolean sortOrder(RequestParameters parameters, boolean defaultAscending) {
        String order = parameters.first("sortOrder").orElse(defaultAscending ? "asc" : "desc");
        return switch (order) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw ApiVideoException.invalidQueryParameter(
                    "This value must be part of the following values: asc,desc", "sortOrder");
        };
    }

    /** {@code from} (default {@code to} − 1 day, at most 30 days ago) to {@code to} (exclusive, default now). */
    private TimeRange timeframe(RequestParameters parameters) {
        long nowMs = clock.millis();
        long toMs = parameters.first("to").filter(t -> !t.isEmpty()).map(t -> dateTime(t, "to")).orElse(nowMs);
        long fromMs = parameters.first("from").filter(t -> !t.isEmpty()).map(t -> dateTime(t, "from")).orElse(toMs - DAY_MS);
        if (fromMs < nowMs - MAX_DAYS_BACK * DAY_MS) {
            throw ApiVideoException.invalidQueryParameter("This value must be within the last 30 days.", "from");
        }
        if (toMs <= fromMs) {
            throw ApiVideoException.invalidQueryParameter("This value must be after from.", "to");
        }
        return new TimeRange(fromMs, Math.max(fromMs, Math.min(toMs, nowMs)));
    }

    private static long dateTime(String text, String name) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiVideoException.invalidQueryParameter(
                    "This value must be an ATOM date-time such as 2024-07-01T00:00:00+00:00.", name);
        }
    }

    private List<Filter> filters(Project project, TimeRange range, String rawQuery, RequestParameters parameters) {
        List<Filter> filters = new ArrayList<>();
        for (String name : SessionsApi.parameterNames(rawQuery)) {
            if (!name.startsWith("filterBy")) {
                continue;
            }
            String field = name.startsWith("filterBy[") && name.endsWith("]") ? name.substring(9, name.length() - 1) : "";
            if (!FILTERS.contains(field)) {
                throw ApiVideoException.invalidQueryParameter(
                        "This value must be part of the following values: " + String.join(",", FILTERS), "filterBy");
            }
            String value = parameters.first(name).orElse("");
            filters.add(switch (field) {
                case "mediaId" -> Filter.equalTo(Dimension.VIDEO_ID, value);
                case "mediaType" -> switch (value) {
                    case "video" -> Filter.notEqualTo(Dimension.STREAM_TYPE, "live");
                    case "live-stream" -> Filter.equalTo(Dimension.STREAM_TYPE, "live");
                    default -> throw ApiVideoException.invalidQueryParameter(
                            "This value must be part of the following values: video,live-stream", name);
                };
                case "country" -> Filter.equalTo(Dimension.COUNTRY, value.toUpperCase(java.util.Locale.ROOT));
                case "deviceType" -> storedValues(project, range, Dimension.DEVICE_CATEGORY, ApiVideoValues::deviceType, value);
                case "operatingSystem" -> storedValues(project, range, Dimension.OPERATING_SYSTEM, ApiVideoValues::operatingSystem, value);
                case "browser" -> storedValues(project, range, Dimension.BROWSER, ApiVideoValues::browser, value);
                default -> throw new IllegalStateException("filter checked above: " + field);
            });
        }
        return filters;
    }

    /** A filter on every stored value that shows as {@code wanted} (e.g. deviceType computer → desktop). */
    private Filter storedValues(Project project, TimeRange range, Dimension dimension, UnaryOperator<String> toApiVideo,
            String wanted) {
        List<String> matches = queries.dimensionValues(project.id(), dimension, range, List.of(), null).values().stream()
                .map(DimensionValue::value)
                .filter(value -> value != null && toApiVideo.apply(value).equals(wanted.trim().toLowerCase(java.util.Locale.ROOT)))
                .toList();
        // no stored value matches: a value no view has, so the filter keeps no view
        return new Filter(dimension, matches.isEmpty() ? List.of(wanted) : matches, false);
    }

    /** Every parameter but the paging ones, in request order, for the pagination links. */
    private static Map<String, String> linkQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        RequestParameters parameters = RequestParameters.parse(rawQuery);
        for (String name : SessionsApi.parameterNames(rawQuery)) {
            if (!name.equals("currentPage") && !name.equals("pageSize")) {
                query.put(name, parameters.first(name).orElse(""));
            }
        }
        return query;
    }
}
