package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Page;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.query.ViewPage;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RequestParameters;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * api.video's raw statistics (removed by api.video in 2023, still used by java-client ≤ 1.3.1): player sessions of
 * a video or live stream, which are Playtrace views, and a session's events mapped from the view's player events.
 */
final class SessionsApi {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern METADATA = Pattern.compile("metadata\\[(.+)]");
    private static final String UNKNOWN = "unknown";
    /** Metadata keys kept as the view's custom dimensions, by their beacon names. */
    private static final Map<String, Dimension> CUSTOM_DIMENSIONS = customDimensions();
    /** A player sends any other metadata key as the event field {@code metadata.<key>}. */
    static final String METADATA_FIELD_PREFIX = "metadata.";

    private final QueryService queries;
    private final Clock clock;

    SessionsApi(QueryService queries, Clock clock) {
        this.queries = requireNonNull(queries, "queries is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * {@code GET /analytics/videos/{videoId}} ({@code live} false) or {@code /analytics/live-streams/{liveStreamId}}.
     * Without {@code period}, every session of the stream (the seed's own example has none). Sessions belong to the
     * period in which they were loaded ({@code loadedAt}), and are listed oldest first by it.
     * {@code metadata[key]=value} keeps sessions whose player sent that metadata: {@code custom_1}..{@code custom_10}
     * are the view's custom dimensions, any other key a {@code metadata.<key>} field on one of its events.
     */
    ObjectNode sessions(Project project, String id, boolean live, String rawQuery, String path) {
        RequestParameters parameters = RequestParameters.parse(rawQuery);
        String idName = live ? "liveStreamId" : "videoId";
        String periodText = parameters.first("period").filter(p -> !p.isEmpty()).orElse(null);
        TimeRange range = periodText == null ? new TimeRange(0, clock.millis() + 1) : period(periodText);
        Pagination.Request page = Pagination.Request.parse(parameters);
        Filter streamType = live ? Filter.equalTo(Dimension.STREAM_TYPE, "live") : Filter.notEqualTo(Dimension.STREAM_TYPE, "live");
        List<Filter> filters = new ArrayList<>(List.of(streamType, Filter.equalTo(Dimension.VIDEO_ID, id)));
        if (queries.dimensionValues(project.id(), Dimension.VIDEO_ID, new TimeRange(0, clock.millis() + 1), filters,
                Page.number(1, 1)).totalCount() == 0) {
            throw ApiVideoException.resourceNotFound(idName);
        }
        Map<String, String> linkQuery = new LinkedHashMap<>();
        if (periodText != null) {
            linkQuery.put("period", periodText);
        }
        Map<String, String> eventFieldValues = new LinkedHashMap<>();
        if (!live) {
            for (String name : parameterNames(rawQuery)) {
                Matcher metadata = METADATA.matcher(name);
                if (metadata.matches()) {
                    String value = parameters.first(name).orElse("");
                    linkQuery.put(name, value);
                    Dimension custom = CUSTOM_DIMENSIONS.get(metadata.group(1));
                    if (custom == null) {
                        eventFieldValues.put(METADATA_FIELD_PREFIX + metadata.group(1), value);
                    } else {
                        filters.add(Filter.equalTo(custom, value));
                    }
                }
            }
        }
        ViewPage views = queries.listViews(new ViewListQuery(project.id(), range, filters, null, null, false,
                Page.number(page.pageSize(), page.currentPage()), ViewListQuery.ListedBy.VIEW_START)
                .withEventFieldValues(eventFieldValues));
        Map<String, List<PlayerEvent>> events = live ? Map.of()
                : queries.events(project.id(), views.views().stream().map(View::viewId).toList());
        ObjectNode body = Json.object();
        ArrayNode data = body.putArray("data");
        for (View view : views.views()) {
            data.add(session(view, live ? null : metadata(view, events.getOrDefault(view.viewId(), List.of()))));
        }
        body.set("pagination", Pagination.of(page, views.views().size(), views.totalRowCount(), path, linkQuery));
        return body;
    }

    private static Map<String, Dimension> customDimensions() {
        Map<String, Dimension> custom = new LinkedHashMap<>();
        for (Dimension dimension : List.of(Dimension.CUSTOM_1, Dimension.CUSTOM_2, Dimension.CUSTOM_3, Dimension.CUSTOM_4,
                Dimension.CUSTOM_5, Dimension.CUSTOM_6, Dimension.CUSTOM_7, Dimension.CUSTOM_8, Dimension.CUSTOM_9,
                Dimension.CUSTOM_10)) {
            custom.put(dimension.id(), dimension);
        }
        return java.util.Collections.unmodifiableMap(custom);
    }

    /** The query string's parameter names, percent-decoded, in order, each once. */
    static List<String> parameterNames(String rawQuery) {
        List<String> names = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiVideoException.invalidQueryParameter("This query string is not valid percent-encoding.", null);
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The metadata a video session's player sent: its custom dimensions set, then each {@code metadata.<key>} event
     * field by first appearance, with the last value sent (events carry only what changed).
     */
    private static Map<String, String> metadata(View view, List<PlayerEvent> events) {
        Map<String, String> metadata = new LinkedHashMap<>();
        CUSTOM_DIMENSIONS.forEach((key, dimension) -> {
            String value = view.dimensionValue(dimension);
            if (value != null && !value.isEmpty()) {
                metadata.put(key, value);
            }
        });
        for (PlayerEvent event : events) {
            // an event keeps no order among its fields: keys new on one event are listed by name
            new TreeMap<>(event.fields()).forEach((field, value) -> {
                if (field.startsWith(METADATA_FIELD_PREFIX) && field.length() > METADATA_FIELD_PREFIX.length()
                        && value != null) {
                    metadata.put(field.substring(METADATA_FIELD_PREFIX.length()), String.valueOf(value));
                }
            });
        }
        return metadata;
    }

    /** @param metadata null for a live stream's session, which has no metadata (vendor_apis.md §4) */
    private static ObjectNode session(View view, Map<String, String> metadata) {
        ObjectNode item = Json.object();
        ObjectNode session = item.putObject("session");
        session.put("sessionId", view.viewId());
        session.put("loadedAt", dateTime(view.viewStartMs()));
        session.put("endedAt", dateTime(view.viewEndMs()));
        if (metadata != null) {
            ArrayNode list = session.putArray("metadata");
            metadata.forEach((key, value) -> list.addObject().put("key", key).put("value", value));
        }
        String country = view.dimensionValue(Dimension.COUNTRY);
        ObjectNode location = item.putObject("location");
        location.put("country", country == null ? UNKNOWN : ApiVideoValues.countryDisplayName(country));
        location.putNull("city");
        ObjectNode referrer = item.putObject("referrer");
        referrer.putNull("url");
        referrer.put("medium", UNKNOWN);
        referrer.put("source", UNKNOWN);
        referrer.put("searchTerm", UNKNOWN);
        ObjectNode device = item.putObject("device");
        device.put("type", valueOrUnknown(view, Dimension.DEVICE_CATEGORY));
        device.put("vendor", valueOrUnknown(view, Dimension.DEVICE_MANUFACTURER));
        device.put("model", valueOrUnknown(view, Dimension.DEVICE_MODEL));
        ObjectNode os = item.putObject("os");
        os.put("name", valueOrUnknown(view, Dimension.OPERATING_SYSTEM));
        os.put("shortname", ApiVideoValues.osShortName(view.dimensionValue(Dimension.OPERATING_SYSTEM),
                view.dimensionValue(Dimension.OPERATING_SYSTEM_VERSION)));
        os.put("version", valueOrUnknown(view, Dimension.OPERATING_SYSTEM_VERSION));
        ObjectNode client = item.putObject("client");
        client.put("type", view.dimensionValue(Dimension.BROWSER) == null ? UNKNOWN : "browser");
        client.put("name", valueOrUnknown(view, Dimension.BROWSER));
        client.put("version", valueOrUnknown(view, Dimension.BROWSER_VERSION));
        return item;
    }

    private static String valueOrUnknown(View view, Dimension dimension) {
        String value = view.dimensionValue(dimension);
        return value == null || value.isBlank() ? UNKNOWN : value;
    }

    /** {@code GET /analytics/sessions/{sessionId}/events}. */
    ObjectNode events(Project project, String sessionId, RequestParameters parameters, String path) {
        Pagination.Request page = Pagination.Request.parse(parameters);
        // api.video documents "videoId" as the name here
        View session = queries.view(project.id(), sessionId)
                .orElseThrow(() -> ApiVideoException.resourceNotFound("videoId"));
        List<ObjectNode> events = SessionEvents.map(queries.events(session));
        ObjectNode body = Json.object();
        ArrayNode data = body.putArray("data");
        List<ObjectNode> pageItems = events.stream().skip(page.offset()).limit(page.pageSize()).toList();
        pageItems.forEach(data::add);
        body.set("pagination", Pagination.of(page, pageItems.size(), events.size(), path, Map.of()));
        return body;
    }

    static String dateTime(long epochMs) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMs));
    }

    /**
     * A day {@code 2018-01-01}, an ISO week {@code 2018-W01}, a month {@code 2018-01}, a year {@code 2018}, or a range
     * {@code 2018-01-01/2018-01-15} whose both ends are included; as a UTC window.
     */
    static TimeRange period(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        try {
            if (slash >= 0) {
                LocalDate[] start = days(trimmed.substring(0, slash));
                LocalDate[] end = days(trimmed.substring(slash + 1));
                if (end[1].isBefore(start[0])) {
                    throw invalidPeriod();
                }
                return window(start[0], end[1]);
            }
            LocalDate[] days = days(trimmed);
            return window(days[0], days[1]);
        } catch (java.time.DateTimeException | NumberFormatException e) {
            throw invalidPeriod();
        }
    }

    private static TimeRange window(LocalDate first, LocalDate last) {
        return new TimeRange(first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }

    /** First and last day of one period. */
    private static LocalDate[] days(String text) {
        Matcher year = YEAR.matcher(text);
        if (year.matches()) {
            int y = Integer.parseInt(year.group(1));
            return new LocalDate[] {LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31)};
        }
        Matcher week = WEEK.matcher(text);
        if (week.matches()) {
            int y = Integer.parseInt(week.group(1));
            int w = Integer.parseInt(week.group(2));
            LocalDate anyDay = LocalDate.of(y, 1, 4);
            if (w < 1 || w > anyDay.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
                throw invalidPeriod();
            }
            LocalDate monday = anyDay.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, w).with(DayOfWeek.MONDAY);
            return new LocalDate[] {monday, monday.plusDays(6)};
        }
        Matcher month = MONTH.matcher(text);
        if (month.matches()) {
            YearMonth ym = YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2)));
            return new LocalDate[] {ym.atDay(1), ym.atEndOfMonth()};
        }
        LocalDate day = LocalDate.parse(text);
        return new LocalDate[] {day, day};
    }

    private static ApiVideoException invalidPeriod() {
        return ApiVideoException.invalidQueryParameter("This value must be a valid period: 2018-01-01, 2018-W01, 2018-01, 2018 or 2018-01-01/2018-01-15.", "period");
    }
}
