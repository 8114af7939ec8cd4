package dev.playtrace.server.nativeapi;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.server.http.RequestParameters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parses the Mux Data API's common parameters (timeframe, filters, measurement, ordering, paging). */
public final class NativeRequests {
    static final int MAX_LIMIT = 10_000;
    private static final long DEFAULT_SPAN_MS = 24 * 3_600_000L;

    private NativeRequests() {
    }

    /** The window of a request without {@code timeframe[]}: the last 24 hours. */
    static TimeRange defaultTimeframe(Clock clock) {
        long nowMs = clock.millis();
        return new TimeRange(nowMs - DEFAULT_SPAN_MS, nowMs);
    }

    /** {@code timeframe[]}: two epoch seconds, or one duration such as {@code 24:hours}; default the last 24 hours. */
    static TimeRange timeframe(RequestParameters parameters, Clock clock) {
        List<String> values = parameters.all("timeframe");
        long nowMs = clock.millis();
        return switch (values.size()) {
            case 0 -> new TimeRange(nowMs - DEFAULT_SPAN_MS, nowMs);
            case 1 -> new TimeRange(nowMs - durationMs(values.getFirst()), nowMs);
            case 2 -> {
                long fromMs = epochSeconds(values.get(0)) * 1000;
                long toMs = epochSeconds(values.get(1)) * 1000;
                if (toMs <= fromMs) {
                    throw invalid("timeframe[] must be start then end, with end after start; got " + values);
                }
                yield new TimeRange(fromMs, toMs);
            }
            default -> throw invalid("timeframe[] takes two epoch seconds or one duration such as 24:hours; got " + values);
        };
    }

    private static long durationMs(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 2) {
            throw invalid("timeframe[] duration must look like 24:hours or 7:days; got '" + text + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            throw invalid("timeframe[] duration must start with a whole number; got '" + text + "'");
        }
        if (amount <= 0 || amount > 3650) {
            throw invalid("timeframe[] duration must be positive and at most 3650 units; got '" + text + "'");
        }
        long unitMs = switch (parts[1].toLowerCase(Locale.ROOT)) {
            case "minute", "minutes" -> 60_000L;
            case "hour", "hours" -> 3_600_000L;
            case "day", "days" -> 86_400_000L;
            case "week", "weeks" -> 7 * 86_400_000L;
            default -> throw invalid("timeframe[] duration unit must be minutes, hours, days or weeks; got '" + parts[1] + "'");
        };
        return amount * unitMs;
    }

    private static long epochSeconds(String text) {
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds < 0 || seconds > 32_503_680_000L) {
                throw invalid("timeframe[] epoch seconds out of range: " + text);
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw invalid("timeframe[] values must be epoch seconds or one duration such as 24:hours; got '" + text + "'");
        }
    }

    /**
     * {@code filters[]=dim:value} and {@code filters[]=!dim:value}. Several includes on one dimension match any of
     * their values; every exclude applies.
     */
    static List<Filter> filters(RequestParameters parameters) {
        return filters(parameters.all("filters"));
    }

    /** The filters written as the native API's {@code filters[]} values (also the filters of an alert rule). */
    public static List<Filter> filters(List<String> rawFilters) {
        Map<Dimension, List<String>> includes = new LinkedHashMap<>();
        List<Filter> filters = new ArrayList<>();
        for (String raw : rawFilters) {
            boolean excluded = raw.startsWith("!");
            String body = excluded ? raw.substring(1) : raw;
            int colon = body.indexOf(':');
            if (colon <= 0) {
                throw invalid("filters[] must look like dimension:value or !dimension:value; got '" + raw + "'");
            }
            Dimension dimension = dimension(body.substring(0, colon), "filters[]");
            String value = body.substring(colon + 1);
            if (excluded) {
                filters.add(Filter.notEqualTo(dimension, value));
            } else {
                includes.computeIfAbsent(dimension, d -> new ArrayList<>()).add(value);
            }
        }
        includes.forEach((dimension, values) -> filters.add(new Filter(dimension, values, false)));
        return filters;
    }

    static Dimension dimension(String name, String parameter) {
        return Dimension.byName(name).orElseThrow(() -> new PlaytraceException(ErrorCode.UNKNOWN_DIMENSION,
                parameter + ": unknown dimension '" + name + "'; GET /data/v1/dimensions lists them"));
    }

    static Measurement measurement(RequestParameters parameters) {
        Optional<String> name = parameters.first("measurement");
        if (name.isEmpty() || name.get().isBlank()) {
            return null;
        }
        return Measurement.byName(name.get()).orElseThrow(() -> new PlaytraceException(ErrorCode.UNSUPPORTED_MEASUREMENT,
                "measurement must be one of median, avg, 95th, 99th, sum, count, max; got '" + name.get() + "'"));
    }

    static OrderBy orderBy(RequestParameters parameters, OrderBy defaultOrder) {
        Optional<String> name = parameters.first("order_by");
        if (name.isEmpty() || name.get().isBlank()) {
            return defaultOrder;
        }
        return switch (name.get().trim().toLowerCase(Locale.ROOT)) {
            case "value" -> OrderBy.VALUE;
            case "views" -> OrderBy.VIEWS;
            case "field" -> OrderBy.FIELD;
            case "negative_impact" -> OrderBy.NEGATIVE_IMPACT;
            default -> throw invalid("order_by must be one of negative_impact, value, views, field; got '" + name.get() + "'");
        };
    }

    /** True for descending; {@code defaultDescending} when absent. */
    static boolean descending(RequestParameters parameters, boolean defaultDescending) {
        Optional<String> direction = parameters.first("order_direction");
        if (direction.isEmpty() || direction.get().isBlank()) {
            return defaultDescending;
        }
        return switch (direction.get().trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw invalid("order_direction must be asc or desc; got '" + direction.get() + "'");
        };
    }

    static Page page(RequestParameters parameters) {
        int limit = parameters.integer("limit", 1, MAX_LIMIT).orElse(Page.DEFAULT_LIMIT);
        int page = parameters.integer("page", 1, Integer.MAX_VALUE).orElse(1);
        return Page.number(limit, page);
    }

    /** Timeseries granularity from {@code group_by} (Mux's name) or {@code granularity}; null means automatic. */
    static Granularity granularity(RequestParameters parameters) {
        String parameter = parameters.has("group_by") ? "group_by" : "granularity";
        Optional<String> name = parameters.first(parameter);
        if (name.isEmpty() || name.get().isBlank()) {
            return null;
        }
        return Granularity.byName(name.get()).orElseThrow(() -> invalid("timeseries " + parameter
                + " must be one of minute, five_minutes, ten_minutes, hour, day; got '" + name.get() + "'"));
    }

    static PlaytraceException invalid(String message) {
        return new PlaytraceException(ErrorCode.INVALID_PARAMETER, message);
    }
}
