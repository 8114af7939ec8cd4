package dev.playtrace.server.facade.ncp;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.server.http.RequestParameters;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the VPE Media Analytics query parameters ({@code device}, {@code videoType}, {@code startDate},
 * {@code endDate}) into a window, filters and the bucket width.
 *
 * <p>Choices where NAVER's docs are silent (vendor_apis.md §1.2):
 * <ul>
 *   <li>Dates are UTC and inclusive at both ends (metrics.md §3a.12): {@code endDate=2025-10-10} includes that whole
 *   day, {@code endDate=2025-10-10 12:00:00} includes that instant. An end exactly on a bucket boundary closes the
 *   window there: the bucket it would open holds one millisecond and would chart as a false drop to 0.</li>
 *   <li>{@code endDate} omitted: now. {@code startDate} omitted: 00:00 UTC on the first day of the end's month
 *   (month to date; the doc's example answers ten daily rows from the 1st to the 10th).</li>
 *   <li>Device classes (metrics.md §3a.11): {@code Mobile} = phone, tablet, wearable; {@code PC} = every other
 *   view (desktop, tv, console, bot, unknown, and views with no device category); both = all views.</li>
 *   <li>{@code LIVE} = stream type {@code live}; {@code VOD} = every other view (on-demand, or no stream type
 *   reported), so VOD + LIVE = all views.</li>
 * </ul>
 */
final class VpeRequests {
    static final long DAY_MS = 86_400_000L;
    /** The longest window answered (ten years of daily buckets); longer ones are refused rather than computed. */
    static final long MAX_SPAN_MS = 3_660 * DAY_MS;
    static final List<String> MOBILE_DEVICE_CATEGORIES = List.of("phone", "tablet", "wearable");
    static final String LIVE_STREAM_TYPE = "live";

    private static final DateTimeFormatter LOG_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** An ISO offset whose '+' became a blank when an unencoded query was decoded. */
    private static final Pattern BLANK_OFFSET = Pattern.compile("(.*T.*\\d) (\\d{2}:?\\d{2})$");

    enum Device { PC, MOBILE }

    enum VideoType { VOD, LIVE }

    /** The resolved window: half-open range, and the bucket width the span calls for. */
    record Window(TimeRange range, Granularity granularity) {
        String suffix() {
            return granularity == Granularity.FIVE_MINUTES ? "(5m)" : "(1d)";
        }
    }

    private VpeRequests() {
    }

    static String logDate(long epochMs) {
        return LOG_DATE.format(Instant.ofEpochMilli(epochMs));
    }

    static List<Filter> filters(RequestParameters parameters) {
        List<Filter> filters = new ArrayList<>();
        Set<Device> devices = devices(parameters.first("device"));
        if (devices.size() == 1) {
            filters.add(new Filter(Dimension.DEVICE_CATEGORY, MOBILE_DEVICE_CATEGORIES, !devices.contains(Device.MOBILE)));
        }
        Set<VideoType> videoTypes = videoTypes(parameters.first("videoType"));
        if (videoTypes.size() == 1) {
            filters.add(new Filter(Dimension.STREAM_TYPE, List.of(LIVE_STREAM_TYPE), !videoTypes.contains(VideoType.LIVE)));
        }
        return filters;
    }

    static Set<Device> devices(Optional<String> text) {
        Set<Device> devices = EnumSet.noneOf(Device.class);
        for (String item : items(text)) {
            switch (item.toLowerCase(Locale.ROOT)) {
                case "pc" -> devices.add(Device.PC);
                case "mobile" -> devices.add(Device.MOBILE);
                default -> throw invalid("device must be PC, Mobile or PC,Mobile; got '" + item + "'");
            }
        }
        return devices.isEmpty() ? EnumSet.allOf(Device.class) : devices;
    }

    static Set<VideoType> videoTypes(Optional<String> text) {
        Set<VideoType> types = EnumSet.noneOf(VideoType.class);
        for (String item : items(text)) {
            switch (item.toLowerCase(Locale.ROOT)) {
                case "vod" -> types.add(VideoType.VOD);
                case "live" -> types.add(VideoType.LIVE);
                default -> throw invalid("videoType must be VOD, LIVE or VOD,LIVE; got '" + item + "'");
            }
        }
        return types.isEmpty() ? EnumSet.allOf(VideoType.class) : types;
    }

    private static List<String> items(Optional<String> text) {
        List<String> items = new ArrayList<>();
        if (text.isPresent()) {
            for (String item : text.get().split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    /**
     * The window of {@code startDate}..{@code endDate} (both inclusive); a span of at most one day (end minus start)
     * gives 5-minute buckets, a longer one 1-day buckets (metrics.md §5).
     */
    static Window window(RequestParameters parameters, long nowMs) {
        Optional<String> startText = parameters.first("startDate").filter(s -> !s.isBlank());
        Optional<String> endText = parameters.first("endDate").filter(s -> !s.isBlank());
        // the last millisecond the window includes
        long lastMs = endText.map(text -> parse(text, "endDate", true)).orElse(nowMs);
        long fromMs = startText.map(text -> parse(text, "startDate", false))
                .orElseGet(() -> firstOfMonth(lastMs));
        if (fromMs > lastMs) {
            throw invalid("startDate must not be after endDate");
        }
        if (lastMs - fromMs > MAX_SPAN_MS) {
            throw invalid("startDate to endDate may span at most 3660 days");
        }
        Granularity granularity = lastMs - fromMs <= DAY_MS ? Granularity.FIVE_MINUTES : Granularity.DAY;
        // :TRICKY: an inclusive end that is itself a bucket boundary (endDate=2026-11-19 10:00:00 with 5-minute
        // buckets) would open one more bucket holding a single millisecond, drawn as a false drop to 0 at the end of
        // every chart; such an end closes the window instead
        long endMs = lastMs > fromMs && granularity.bucketStart(lastMs) == lastMs ? lastMs : lastMs + 1;
        return new Window(new TimeRange(fromMs, endMs), granularity);
    }

    /**
     * The longest raw query string VPE reads; its parameters are four short values and two page numbers. Kept below
     * the HTTP layer's request-line limit, so a long query that reaches VPE gets VPE's JSON error naming it.
     */
    static final int MAX_QUERY_CHARS = 3_500;

    /** A query string longer than VPE's parameters can need is refused by name, whatever the HTTP layer admits. */
    static void checkQueryLength(String rawQuery) {
        if (rawQuery != null && rawQuery.length() > MAX_QUERY_CHARS) {
            throw invalid("query string too long: " + rawQuery.length() + " characters, at most " + MAX_QUERY_CHARS);
        }
    }

    private static long firstOfMonth(long epochMs) {
        LocalDate day = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate();
        return day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /**
     * {@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss} or ISO-8601, UTC unless an offset is given. A date alone means
     * its first millisecond as a start and its last as an end.
     */
    static long parse(String raw, String name, boolean endOfDay) {
        String text = raw.trim();
        try {
            if (DATE_ONLY.matcher(text).matches()) {
                LocalDate date = LocalDate.parse(text);
                long startMs = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                return endOfDay ? startMs + DAY_MS - 1 : startMs;
            }
            String iso = text.replace(' ', 'T');
            var blankOffset = BLANK_OFFSET.matcher(text);
            if (blankOffset.matches()) {
                iso = blankOffset.group(1) + "+" + blankOffset.group(2);
            }
            if (iso.endsWith("Z") || iso.endsWith("z") || iso.matches(".*T.*[+-]\\d{2}:?\\d{2}$")) {
                return OffsetDateTime.parse(normalizeOffset(iso), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(name + " must be yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or ISO-8601 (UTC); got '" + raw + "'");
        }
    }

    private static String normalizeOffset(String iso) {
        if (iso.endsWith("z")) {
            return iso.substring(0, iso.length() - 1) + "Z";
        }
        // +0900 -> +09:00
        if (iso.matches(".*[+-]\\d{4}$")) {
            return iso.substring(0, iso.length() - 2) + ":" + iso.substring(iso.length() - 2);
        }
        return iso;
    }

    static NcpError invalid(String message) {
        return NcpError.vpe(400, "400", message);
    }
}
