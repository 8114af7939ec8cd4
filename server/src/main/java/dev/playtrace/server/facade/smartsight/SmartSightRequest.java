package dev.playtrace.server.facade.smartsight;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.server.http.RequestParameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One parsed SmartSight metrics request (generation 2 {@code /mm-apis/session} and {@code /qbrData/vod}, and
 * generation 3 {@code /metricquery}): the window, the fields to return in order, the grouping, filters, order and
 * page. Parsing only; the numbers come from the catalogue.
 *
 * @param fields output keys in response order: requested keys first, then companions (seed order)
 * @param groupBy null for one overall row; {@code groupKey} is the column it is returned under
 * @param timeseries true for {@code aggby=timestamp}
 * @param granularity null means automatic (metrics.md §5)
 * @param orderKey null means the first requested metric
 * @param limit rows a page, {@value #DEFAULT_LIMIT} when the client gave none (vendor_apis.md §3)
 */
record SmartSightRequest(
        TimeRange range,
        List<Field> fields,
        Dimension groupBy,
        String groupKey,
        boolean timeseries,
        Granularity granularity,
        List<Filter> filters,
        String orderKey,
        boolean descending,
        int limit,
        int offset) {

    static final String TIMESTAMP = "timestamp";
    static final int MAX_LIMIT = 100_000;
    /** SmartSight's documented page size. */
    static final int DEFAULT_LIMIT = 1_000;

    SmartSightRequest {
        requireNonNull(range, "range is null");
        fields = List.copyOf(fields);
        filters = List.copyOf(filters);
    }

    /** One output column: a metric, or the group-by dimension (metric null). */
    record Field(String key, SmartSightMetric metric) {
    }

    List<SmartSightMetric> metrics() {
        return fields.stream().map(Field::metric).filter(metric -> metric != null).distinct().toList();
    }

    static SmartSightRequest parse(RequestParameters parameters) {
        TimeRange range = period(parameters);
        String aggby = text(parameters, "aggby");
        String dimensionParameter = text(parameters, "dimension");
        List<String> metricKeys = new ArrayList<>();
        for (String value : parameters.all("metrics")) {
            for (String key : value.split(",")) {
                if (!key.isBlank()) {
                    metricKeys.add(key.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (metricKeys.isEmpty()) {
            throw invalid("metrics is required: a comma list such as metrics=viewercount,attempts");
        }

        boolean timeseries = TIMESTAMP.equalsIgnoreCase(aggby);
        String groupKey = null;
        Dimension groupBy = null;
        if (!timeseries) {
            if (aggby != null) {
                groupKey = aggby.toLowerCase(Locale.ROOT);
                groupBy = SmartSightDimensions.byKey(aggby)
                        .orElseThrow(() -> new PlaytraceException(ErrorCode.UNKNOWN_DIMENSION, "unknown aggby dimension '" + aggby + "'"));
            } else if (dimensionParameter != null && SmartSightDimensions.byKey(dimensionParameter).isPresent()) {
                // generation 1/2 "dimension" is a target level (microscope, asset, ...); a known dimension groups
                groupKey = dimensionParameter.toLowerCase(Locale.ROOT);
                groupBy = SmartSightDimensions.byKey(dimensionParameter).orElseThrow();
            } else {
                for (String key : metricKeys) {
                    if (SmartSightMetric.byKey(key).isEmpty() && SmartSightDimensions.byKey(key).isPresent()) {
                        groupKey = key;
                        groupBy = SmartSightDimensions.byKey(key).orElseThrow();
                        break;
                    }
                }
            }
        }

        Map<String, Field> fields = new LinkedHashMap<>();
        List<SmartSightMetric> requested = new ArrayList<>();
        for (String key : metricKeys) {
            Optional<SmartSightMetric> metric = SmartSightMetric.byKey(key);
            if (metric.isPresent()) {
                fields.putIfAbsent(metric.get().key(), new Field(metric.get().key(), metric.get()));
                requested.add(metric.get());
                continue;
            }
            if (timeseries && key.equals(TIMESTAMP)) {
                fields.putIfAbsent(TIMESTAMP, new Field(TIMESTAMP, null));
                continue;
            }
            Optional<Dimension> dimension = SmartSightDimensions.byKey(key);
            if (dimension.isEmpty()) {
                throw new PlaytraceException(ErrorCode.UNKNOWN_METRIC, "unknown metric or dimension '" + key
                        + "'; supported metrics: viewercount, attempts, concurviewavg, endedplays, errors, "
                        + "startupabandonmentrate, failurerate, bufferingratio, sumbuffwaitcirr, vrtbufferingratio, "
                        + "playdur, latency, qualityofexperience");
            }
            if (groupBy == null || dimension.get() != groupBy) {
                throw invalid("dimension '" + key + "' can only be returned as a column when the rows are grouped by it"
                        + " (aggby=" + key + ")");
            }
            fields.putIfAbsent(groupKey, new Field(groupKey, null));
        }
        if (requested.isEmpty()) {
            throw invalid("metrics must name at least one metric, e.g. metrics=viewercount");
        }
        for (SmartSightMetric metric : requested) {
            for (SmartSightMetric companion : metric.companions()) {
                fields.putIfAbsent(companion.key(), new Field(companion.key(), companion));
            }
        }
        // the grouping column is always returned, after the requested keys when not asked for
        if (groupBy != null) {
            fields.putIfAbsent(groupKey, new Field(groupKey, null));
        }
        if (timeseries) {
            fields.putIfAbsent(TIMESTAMP, new Field(TIMESTAMP, null));
        }

        Granularity granularity = granularity(parameters, timeseries);
        String orderKey = text(parameters, "orderby");
        if (orderKey != null) {
            orderKey = orderKey.toLowerCase(Locale.ROOT);
            String ordered = orderKey;
            Optional<SmartSightMetric> metric = SmartSightMetric.byKey(ordered);
            if (metric.isPresent()) {
                orderKey = metric.get().key();
                if (!fields.containsKey(orderKey)) {
                    throw invalid("orderby '" + ordered + "' must be one of the requested metrics " + fields.keySet());
                }
            } else if (!fields.containsKey(ordered)
                    && !(groupBy != null && SmartSightDimensions.byKey(ordered).orElse(null) == groupBy)) {
                throw invalid("orderby '" + ordered + "' must be a requested metric or the aggby dimension " + fields.keySet());
            } else if (!fields.containsKey(ordered)) {
                orderKey = groupKey;
            }
        }
        String direction = Optional.ofNullable(text(parameters, "orderas")).orElse(text(parameters, "order"));
        boolean descending;
        if (direction == null) {
            // rows by a metric: largest first; by the dimension or time: ascending
            descending = !(timeseries || (orderKey != null && fields.get(orderKey).metric() == null));
        } else {
            descending = switch (direction.trim().toLowerCase(Locale.ROOT)) {
                case "desc" -> true;
                case "asc" -> false;
                default -> throw invalid("orderas must be ASC or DESC, was '" + direction + "'");
            };
        }
        if (text(parameters, "qoefilter") != null) {
            // a condition on per-view metric values has no catalogue query; refusing beats answering unfiltered
            throw invalid("qoefilter is not supported by this server; use filter=[dimension=value] instead");
        }
        // concurrency=0|1 is accepted: views are always selected by their play request inside the period
        parameters.integer("concurrency", 0, 1);
        // generation 1 wrote the page size as count
        int limit = parameters.integer("limit", 1, MAX_LIMIT)
                .or(() -> parameters.integer("count", 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
        int offset = parameters.integer("offset", 0, Integer.MAX_VALUE).orElse(0);

        return new SmartSightRequest(range, List.copyOf(fields.values()), groupBy, groupKey, timeseries, granularity,
                filters(parameters), orderKey, descending, limit, offset);
    }

    /** {@code period=start=<epoch s>,end=<epoch s>} (raw or percent-encoded); start after end is swapped. */
    static TimeRange period(RequestParameters parameters) {
        String period = text(parameters, "period");
        if (period == null) {
            throw invalid("period is required: period=start=<epoch seconds>,end=<epoch seconds>");
        }
        Long start = null;
        Long end = null;
        for (String part : period.split("[,;&]")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw invalid("period must look like start=<epoch seconds>,end=<epoch seconds>; got '" + period + "'");
            }
            String name = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            long seconds = epochSeconds(part.substring(equals + 1), period);
            switch (name) {
                case "start" -> start = seconds;
                case "end" -> end = seconds;
                default -> throw invalid("period takes start and end; unknown part '" + name + "' in '" + period + "'");
            }
        }
        if (start == null || end == null) {
            throw invalid("period needs both start and end: period=start=<epoch seconds>,end=<epoch seconds>; got '" + period + "'");
        }
        long fromMs = Math.min(start, end) * 1000;
        long toMs = Math.max(start, end) * 1000;
        return new TimeRange(fromMs, toMs);
    }

    private static long epochSeconds(String text, String period) {
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds < 0 || seconds > 100_000_000_000L) {
                throw invalid("period times must be epoch seconds; got '" + text + "' in '" + period + "'");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw invalid("period times must be epoch seconds; got '" + text + "' in '" + period + "'");
        }
    }

    private static Granularity granularity(RequestParameters parameters, boolean timeseries) {
        String text = text(parameters, "granularity");
        if (text == null) {
            return null;
        }
        if (!timeseries) {
            throw invalid("granularity is only valid with aggby=timestamp");
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "minute", "1minute" -> Granularity.MINUTE;
            case "5minute", "5minutes" -> Granularity.FIVE_MINUTES;
            case "10minute", "10minutes" -> Granularity.TEN_MINUTES;
            case "hour" -> Granularity.HOUR;
            case "day" -> Granularity.DAY;
            default -> throw invalid("granularity must be auto, minute, 5minute, 10minute, hour or day; got '" + text + "'");
        };
    }

    /**
     * {@code filter} in both syntaxes: generation 1/2 {@code subscriberid=abc} (several joined by {@code ,}), and
     * generation 3 {@code [country=US|Canada][platform=Android]} ({@code |} is OR inside a group, groups are AND).
     * {@code !=} excludes. An empty filter is no filter.
     */
    static List<Filter> filters(RequestParameters parameters) {
        List<Filter> filters = new ArrayList<>();
        for (String value : parameters.all("filter")) {
            String text = value.trim();
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("[")) {
                int position = 0;
                while (position < text.length()) {
                    if (text.charAt(position) != '[') {
                        throw invalid("filter groups must look like [dimension=value|value2][dimension2=value]; got '" + text + "'");
                    }
                    int close = text.indexOf(']', position);
                    if (close < 0) {
                        throw invalid("filter group is not closed with ']': '" + text + "'");
                    }
                    filters.add(condition(text.substring(position + 1, close), text));
                    position = close + 1;
                    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                        position++;
                    }
                }
            } else {
                for (String condition : text.split(",")) {
                    if (!condition.isBlank()) {
                        filters.add(condition(condition, text));
                    }
                }
            }
        }
        return filters;
    }

    private static Filter condition(String condition, String whole) {
        int equals = condition.indexOf('=');
        if (equals <= 0) {
            throw invalid("filter condition must be dimension=value; got '" + condition + "' in '" + whole + "'");
        }
        boolean excluded = condition.charAt(equals - 1) == '!';
        String key = condition.substring(0, excluded ? equals - 1 : equals).trim();
        Dimension dimension = SmartSightDimensions.byKey(key)
                .orElseThrow(() -> new PlaytraceException(ErrorCode.UNKNOWN_DIMENSION, "unknown filter dimension '" + key + "'"));
        List<String> values = new ArrayList<>();
        for (String value : condition.substring(equals + 1).split("\\|")) {
            if (!value.isBlank()) {
                values.add(dimension == Dimension.STREAM_TYPE ? streamType(value.trim()) : value.trim());
            }
        }
        if (values.isEmpty()) {
            throw invalid("filter condition on '" + key + "' has no value: '" + condition + "'");
        }
        return new Filter(dimension, values, excluded);
    }

    /** SmartSight says vod/live; Playtrace stores on-demand/live. */
    private static String streamType(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "vod", "on-demand", "ondemand" -> "on-demand";
            case "live" -> "live";
            default -> value;
        };
    }

    private static String text(RequestParameters parameters, String name) {
        return parameters.first(name).map(String::trim).filter(value -> !value.isEmpty()).orElse(null);
    }

    static PlaytraceException invalid(String message) {
        return new PlaytraceException(ErrorCode.INVALID_PARAMETER, message);
    }
}
