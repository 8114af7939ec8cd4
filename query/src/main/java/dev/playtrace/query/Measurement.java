package dev.playtrace.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How per-view values are aggregated over a set of views. */
public enum Measurement {
    MEDIAN("median"),
    AVG("avg"),
    P95("95th"),
    P99("99th"),
    SUM("sum"),
    COUNT("count"),
    MAX("max");

    private final String wireName;

    Measurement(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Measurement> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.wireName.equals(normalized)).findFirst();
    }
}
