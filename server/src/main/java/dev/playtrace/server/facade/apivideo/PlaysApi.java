package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Grouping;
import dev.playtrace.query.KeptGroups;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /analytics/videos/plays} and {@code /analytics/live-streams/plays}: the catalogue metric {@code plays}
 * (started views) of on-demand or live views, by one dimension (vendor_apis.md §4.3, metrics.md §3a.11).
 */
final class PlaysApi {
    private static final int MAX_DAYS_BACK = 30;
    private static final long TWO_DAYS_MS = 2 * 86_400_000L;
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
        // Plays per api.video value, most plays first, then by value. Stored values that map to one api.video value
        // (bot and unknown; Chrome and chrome) are one group; values with no play are left out, as api.video counts
        // play events. The timeseries lists every bucket of the range, ascending, empty ones with 0 plays.
        Query query = Query.of(project.id(), "plays", range).withFilters(filters)
                .withPage(new Page(page.pageSize(), page.offset()));
        Query grouped = query.withOrder(OrderBy.VALUE, true).keeping(KeptGroups.NONZERO);
        QueryResult result = queries.run(switch (dimension) {
            case "emittedAt" -> query.withGranularity(span <= TWO_DAYS_MS ? Granularity.HOUR : Granularity.DAY);
            case "videoId", "liveStreamId" -> grouped.withGroupBy(Dimension.VIDEO_ID);
            case "country" -> grouped.withGrouping(Grouping.by(Dimension.COUNTRY).mappedBy(ApiVideoValues::countryName));
            case "deviceType" -> grouped.withGrouping(Grouping.by(Dimension.DEVICE_CATEGORY).mappedBy(ApiVideoValues::deviceType));
            case "operatingSystem" -> grouped.withGrouping(Grouping.by(Dimension.OPERATING_SYSTEM)
                    .mappedBy(ApiVideoValues::operatingSystem));
            case "browser" -> grouped.withGrouping(Grouping.by(Dimension.BROWSER).mappedBy(ApiVideoValues::browser));
            default -> throw new IllegalStateException("dimension checked above: " + dimension);
        });

        ObjectNode body = Json.object();
        ArrayNode data = body.putArray("data");
        for (ResultRow row : result.rows()) {
            String value = row.bucketStartMs() != null
                    ? BUCKET_FORMAT.format(Instant.ofEpochMilli(row.bucketStartMs())) : row.group();
            data.addObject().put("value", value).put("plays", row.value() == null ? 0 : Math.round(row.value()));
        }
        body.set("pagination", Pagination.of(page, result.rows().size(), result.totalRowCount(), kind.path(), linkQuery));
        return body;
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
        if (queries.dimensionValues(project.id(), Dimension.VIDEO_ID, ever, List.of(kind.streamTypeFilter(), idFilter),
                Page.number(1, 1)).totalCount() == 0) {
            throw ApiVideoException.invalidQueryParameter("This value must refer to an existing " + kind.noun, "filter");
        }
        return idFilter;
    }
}
