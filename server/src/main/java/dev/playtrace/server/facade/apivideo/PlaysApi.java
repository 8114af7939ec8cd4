package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Breakdown;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.GroupRow;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.TimeBucket;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
 * {@code GET /analytics/videos/plays} and {@code /analytics/live-streams/plays}: the catalogue metric {@code plays}
 * (started views) of on-demand or live views, by one dimension (vendor_apis.md §4.3, metrics.md §3a.11).
 */
final class PlaysApi {
    private static final int MAX_DAYS_BACK = 30;
    private static final long TWO_DAYS_MS = 2 * 86_400_000L;
    private static final int BREAKDOWN_BATCH = 1000;
    private static final DateTimeFormatter BUCKET_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    /** The two routes: which views they count and how their id dimension and filter are spelled. */
    enum Kind {
        VIDEOS("/analytics/videos/plays", "videoId", "video"),
        LIVE_STREAMS("/analytics/live-streams/plays", "liveStreamId", "live stream");

        private final String path;
        private final String idName;
        private final String noun;

        Kind(String path, String idName, String noun) {
            this.path = path;
            this.idName = idName;
            this.noun = noun;
        }

        String path() {
            return path;
        }

        List<String> dimensions() {
            return List.of("emittedAt", idName, "country", "deviceType", "operatingSystem", "browser");
        }

        /**
         * videos/plays counts on-demand views, live-streams/plays live views. Views that never said their stream
         * type count as on-demand (most players only report live streams as such).
         */
        Filter streamTypeFilter() {
            return switch (this) {
                case VIDEOS -> Filter.notEqualTo(Dimension.STREAM_TYPE, "live");
                case LIVE_STREAMS -> Filter.equalTo(Dimension.STREAM_TYPE, "live");
            };
        }
    }

    private final QueryService queries;
    private final Clock clock;

    PlaysApi(QueryService queries, Clock clock) {
        this.queries = requireNonNull(queries, "queries is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    ObjectNode plays(Kind kind, Project project, RequestParameters parameters) {
        String dimension = parameters.first("dimension").filter(d -> !d.isEmpty())
                .orElseThrow(() -> ApiVideoException.missing("dimension"));
        if (!kind.dimensions().contains(dimension)) {
            throw ApiVideoException.invalidQueryParameter(
                    "This value must be part of the following values: " + String.join(",", kind.dimensions()), "dimension");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String fromText = parameters.first("from").filter(d -> !d.isEmpty())
                .orElseThrow(() -> ApiVideoException.missing("from"));
        LocalDate from = date(fromText, "from", today);
        Map<String, String> linkQuery = new LinkedHashMap<>();
        linkQuery.put("from", fromText);
        // "to" is inclusive (metrics.md §3a.12); without it: from "from" up to, but excluding, today
        LocalDate lastDay;
        if (parameters.first("to").filter(d -> !d.isEmpty()).isPresent()) {
            String toText = parameters.first("to").get();
            lastDay = date(toText, "to", today);
            if (lastDay.isBefore(from)) {
                throw ApiVideoException.invalidQueryParameter("This value must be greater than or equal to from.", "to");
            }
            linkQuery.put("to", toText);
        } else {
            lastDay = today.minusDays(1);
        }
        linkQuery.put("dimension", dimension);
        List<Filter> filters = new ArrayList<>();
        filters.add(kind.streamTypeFilter());
        parameters.first("filter").filter(f -> !f.isEmpty()).ifPresent(filter -> {
            filters.add(idFilter(kind, project, filter));
            linkQuery.put("filter", filter);
        });
        Pagination.Request page = Pagination.Request.parse(parameters);

        long fromMs = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long endMs = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long span = Math.max(0, endMs - fromMs);
        // :TRICKY: windows may end in the future (metrics.md §3a.12): clamp to now, but bucket by the asked span
        TimeRange range = new TimeRange(fromMs, Math.max(fromMs, Math.min(endMs, clock.millis())));
        Query query = Query.of(project.id(), "plays", range).withFilters(filters);

        List<Item> items = switch (dimension) {
            case "emittedAt" -> timeseries(query, span <= TWO_DAYS_MS ? Granularity.HOUR : Granularity.DAY);
            case "videoId", "liveStreamId" -> grouped(query, Dimension.VIDEO_ID, UnaryOperator.identity());
            case "country" -> grouped(query, Dimension.COUNTRY, ApiVideoValues::countryName);
            case "deviceType" -> grouped(query, Dimension.DEVICE_CATEGORY, ApiVideoValues::deviceType);
            case "operatingSystem" -> grouped(query, Dimension.OPERATING_SYSTEM, ApiVideoValues::operatingSystem);
            case "browser" -> grouped(query, Dimension.BROWSER, ApiVideoValues::browser);
            default -> throw new IllegalStateException("dimension checked above: " + dimension);
        };

        List<Item> pageItems = items.stream().skip(page.offset()).limit(page.pageSize()).toList();
        ObjectNode body = Json.object();
        ArrayNode data = body.putArray("data");
        for (Item item : pageItems) {
            data.addObject().put("value", item.value()).put("plays", item.plays());
        }
        body.set("pagination", Pagination.of(page, pageItems.size(), items.size(), kind.path(), linkQuery));
        return body;
    }

    private record Item(String value, long plays) {
    }

    private static LocalDate date(String text, String name, LocalDate today) {
        LocalDate date;
        try {
            date = LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiVideoException.invalidQueryParameter("This value must be a valid date in the YYYY-MM-DD format.", name);
        }
        if (date.isBefore(today.minusDays(MAX_DAYS_BACK)) || date.isAfter(today)) {
            throw ApiVideoException.invalidQueryParameter("This value must be within the last 30 days.", name);
        }
        return date;
    }

    private Filter idFilter(Kind kind, Project project, String filter) {
        String prefix = kind.idName + ":";
        if (!filter.startsWith(prefix) || filter.length() == prefix.length()) {
            throw ApiVideoException.invalidQueryParameter(
                    "This value must be of the following structure(s): " + kind.idName + ":{" + kind.idName + "}", "filter");
        }
        Filter idFilter = Filter.equalTo(Dimension.VIDEO_ID, filter.substring(prefix.length()));
        // "existing": the project has ever seen a view of it, of this stream type
        TimeRange ever = new TimeRange(0, clock.millis() + 1);
        if (queries.dimensionValueCount(project.id(), Dimension.VIDEO_ID, ever, List.of(kind.streamTypeFilter(), idFilter)) == 0) {
            throw ApiVideoException.invalidQueryParameter("This value must refer to an existing " + kind.noun, "filter");
        }
        return idFilter;
    }

    /** Every bucket of the range, ascending (QueryService returns empty buckets too, with 0 plays). */
    private List<Item> timeseries(Query query, Granularity granularity) {
        List<Item> items = new ArrayList<>();
        for (TimeBucket bucket : queries.timeseries(query.withGranularity(granularity))) {
            long plays = bucket.value() == null ? 0 : Math.round(bucket.value());
            items.add(new Item(BUCKET_FORMAT.format(Instant.ofEpochMilli(bucket.bucketStartMs())), plays));
        }
        return items;
    }

    /**
     * Plays per api.video value, most plays first, then by value. Stored values that map to one api.video value
     * ({@code bot} and {@code unknown}; {@code Chrome} and {@code chrome}) add up, plays being a count; values with
     * no play are left out, as api.video counts play events.
     */
    private List<Item> grouped(Query query, Dimension dimension, UnaryOperator<String> toApiVideo) {
        Map<String, Long> plays = new LinkedHashMap<>();
        int pageNumber = 1;
        long seen = 0;
        while (true) {
            Breakdown breakdown = queries.breakdown(query.withGroupBy(dimension)
                    .withOrder(OrderBy.FIELD, false).withPage(new Page(BREAKDOWN_BATCH, pageNumber)));
            for (GroupRow row : breakdown.rows()) {
                long count = row.value() == null ? 0 : Math.round(row.value());
                if (count > 0) {
                    plays.merge(toApiVideo.apply(row.field()), count, Long::sum);
                }
            }
            seen += breakdown.rows().size();
            if (breakdown.rows().isEmpty() || seen >= breakdown.totalRowCount()) {
                break;
            }
            pageNumber++;
        }
        return plays.entrySet().stream()
                .map(entry -> new Item(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingLong(Item::plays).reversed().thenComparing(Item::value))
                .toList();
    }
}
