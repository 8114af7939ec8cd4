package dev.playtrace.query;

import dev.playtrace.model.TimeRange;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Width of timeseries buckets; buckets are aligned to UTC epoch multiples of the width. */
public enum Granularity {
    MINUTE("minute", 60_000L),
    FIVE_MINUTES("five_minutes", 300_000L),
    TEN_MINUTES("ten_minutes", 600_000L),
    HOUR("hour", 3_600_000L),
    DAY("day", 86_400_000L);

    private static final long NINETY_MINUTES_MS = 90 * 60_000L;
    private static final long SIX_HOURS_MS = 6 * 3_600_000L;
    private static final long FIFTEEN_DAYS_MS = 15 * 86_400_000L;

    private final String wireName;
    private final long widthMs;

    Granularity(String wireName, long widthMs) {
        this.wireName = wireName;
        this.widthMs = widthMs;
    }

    public String wireName() {
        return wireName;
    }

    public long widthMs() {
        return widthMs;
    }

    /** Start of the bucket holding {@code timeMs}. */
    public long bucketStart(long timeMs) {
        return Math.floorDiv(timeMs, widthMs) * widthMs;
    }

    /** The native API's default (metrics.md §5): span < 90 min → minute; ≤ 6 h → ten_minutes; ≤ 15 days → hour; else day. */
    public static Granularity auto(TimeRange range) {
        long span = range.durationMs();
        if (span < NINETY_MINUTES_MS) {
            return MINUTE;
        }
        if (span <= SIX_HOURS_MS) {
            return TEN_MINUTES;
        }
        if (span <= FIFTEEN_DAYS_MS) {
            return HOUR;
        }
        return DAY;
    }

    public static Optional<Granularity> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(g -> g.wireName.equals(normalized)).findFirst();
    }
}
