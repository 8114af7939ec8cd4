package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Breakdown;
import dev.playtrace.query.DimensionValue;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.GroupRow;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricValue;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.TimeBucket;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
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
    private static final int BATCH = 1000;

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
        MetricValue value = queries.overall(query.withFilters(filters));
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
        Query query = Query.of(project.id(), metricId, range).withFilters(filters);
        Map<String, Long> values = switch (breakdown) {
            case "media-type" -> mediaTypes(query);
            case "media-id" -> grouped(query, Dimension.VIDEO_ID, UnaryOperator.identity());
            case "country" -> grouped(query, Dimension.COUNTRY, code -> code.toUpperCase(java.util.Locale.ROOT));
            case "device-type" -> grouped(query, Dimension.DEVICE_CATEGORY, ApiVideoValues::deviceType);
            case "operating-system" -> grouped(query, Dimension.OPERATING_SYSTEM, ApiVideoValues::operatingSystem);
            case "browser" -> grouped(query, Dimension.BROWSER, ApiVideoValues::browser);
            default -> throw new IllegalStateException("breakdown checked above: " + breakdown);
        };
        // ties on the metric value are always by dimension value ascending
        Comparator<Map.Entry<String, Long>> byKey = Map.Entry.comparingByKey();
        Comparator<Map.Entry<String, Long>> byValue = Map.Entry.comparingByValue();
        Comparator<Map.Entry<String, Long>> order = sortBy.equals("metricValue")
                ? (ascending ? byValue : byValue.reversed()).thenComparing(byKey)
                : (ascending ? byKey : byKey.reversed());
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(values.entrySet());
        sorted.sort(order);
        List<Map.Entry<String, Long>> pageItems = sorted.stream().skip(page.offset()).limit(page.pageSize()).toList();
        ObjectNode body = Json.object();
        context(body, metric, range).put("breakdown", breakdown);
        ArrayNode data = body.putArray("data");
        pageItems.forEach(entry -> data.addObject().put("metricValue", entry.getValue()).put("dimensionValue", entry.getKey()));
        body.set("pagination", Pagination.of(page, pageItems.size(), sorted.size(), path, linkQuery(rawQuery)));
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
        List<TimeBucket> buckets = new ArrayList<>(queries.timeseries(
                Query.of(project.id(), metricId, range).withFilters(filters).withGranularity(granularity)));
        if (!ascending) {
            buckets.sort(Comparator.comparingLong(TimeBucket::bucketStartMs).reversed());
        }
        List<TimeBucket> pageItems = buckets.stream().skip(page.offset()).limit(page.pageSize()).toList();
        ObjectNode body = Json.object();
        context(body, metric, range).put("interval", interval);
        ArrayNode data = body.putArray("data");
        for (TimeBucket bucket : pageItems) {
            data.addObject().put("emittedAt", ATOM.format(Instant.ofEpochMilli(bucket.bucketStartMs())))
                    .put("metricValue", bucket.value() == null ? 0 : Math.round(bucket.value()));
        }
        body.set("pagination", Pagination.of(page, pageItems.size(), buckets.size(), path, linkQuery(rawQuery)));
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
        List<String> matches = new ArrayList<>();
        int pageNumber = 1;
        while (true) {
            List<DimensionValue> values = queries.dimensionValues(project.id(), dimension, range, List.of(), new Page(BATCH, pageNumber));
            values.stream().map(DimensionValue::value)
                    .filter(value -> value != null && toApiVideo.apply(value).equals(wanted.trim().toLowerCase(java.util.Locale.ROOT)))
                    .forEach(matches::add);
            if (values.size() < BATCH) {
                break;
            }
            pageNumber++;
        }
        // no stored value matches: a value no view has, so the filter keeps no view
        return new Filter(dimension, matches.isEmpty() ? List.of(wanted) : matches, false);
    }

    private Map<String, Long> mediaTypes(Query query) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String type : List.of("video", "live-stream")) {
            List<Filter> filters = new ArrayList<>(query.filters());
            filters.add(type.equals("video") ? Filter.notEqualTo(Dimension.STREAM_TYPE, "live") : Filter.equalTo(Dimension.STREAM_TYPE, "live"));
            MetricValue value = queries.overall(query.withFilters(filters));
            long count = value.value() == null ? 0 : Math.round(value.value());
            if (count > 0) {
                values.put(type, count);
            }
        }
        return values;
    }

    /** Counts per api.video value; stored values that show as one value add up; values with no count are left out. */
    private Map<String, Long> grouped(Query query, Dimension dimension, UnaryOperator<String> toApiVideo) {
        Map<String, Long> values = new LinkedHashMap<>();
        int pageNumber = 1;
        long seen = 0;
        while (true) {
            Breakdown breakdown = queries.breakdown(query.withGroupBy(dimension)
                    .withOrder(OrderBy.FIELD, false).withPage(new Page(BATCH, pageNumber)));
            for (GroupRow row : breakdown.rows()) {
                long count = row.value() == null ? 0 : Math.round(row.value());
                if (count > 0) {
                    values.merge(toApiVideo.apply(row.field()), count, Long::sum);
                }
            }
            seen += breakdown.rows().size();
            if (breakdown.rows().isEmpty() || seen >= breakdown.totalRowCount()) {
                break;
            }
            pageNumber++;
        }
        return values;
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
