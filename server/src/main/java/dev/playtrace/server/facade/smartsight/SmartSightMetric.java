package dev.playtrace.server.facade.smartsight;

import dev.playtrace.query.Measurement;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A SmartSight metric key and the catalogue metric it renames (metrics.md §6), with the unit conversion the seed's
 * responses show and the companion fields SmartSight returns beside it. No number is computed here.
 */
enum SmartSightMetric {
    VIEWERCOUNT("viewercount", "plays", null, Conversion.NONE),
    ATTEMPTS("attempts", "views", null, Conversion.NONE),
    // the peak of the per-minute samples: the seed's 52911 is an integer, above the week's time-average its own
    // playdur allows (6.8e9 s / 604,800 s ≈ 11,238) and far below its 5,029,111 plays, so neither a time-average nor
    // a count of sessions
    CONCURVIEWAVG("concurviewavg", "concurrent_viewers", Measurement.MAX, Conversion.NONE),
    ENDEDPLAYS("endedplays", "ended_plays", null, Conversion.NONE),
    ERRORS("errors", "fatal_errors", null, Conversion.NONE),
    STARTUPABANDONMENTRATE("startupabandonmentrate", "exits_before_video_start", null, Conversion.NONE,
            "viewercount", "attempts", "failurerate"),
    FAILURERATE("failurerate", "video_startup_failure_percentage", null, Conversion.NONE, "viewercount", "attempts"),
    BUFFERINGRATIO("bufferingratio", "buffering_ratio", null, Conversion.NONE, "playdur"),
    SUMBUFFWAITCIRR("sumbuffwaitcirr", "cirr", null, Conversion.NONE, "playdur"),
    VRTBUFFERINGRATIO("vrtbufferingratio", "vrt_buffering_ratio", null, Conversion.NONE, "playdur"),
    PLAYDUR("playdur", "play_duration", null, Conversion.MILLISECONDS_TO_SECONDS),
    LATENCY("latency", "video_startup_time", Measurement.AVG, Conversion.MILLISECONDS_TO_SECONDS, "viewercount"),
    QUALITYOFEXPERIENCE("qualityofexperience", "viewer_experience_score", Measurement.AVG, Conversion.NONE);

    /** How a catalogue value becomes the SmartSight value. */
    enum Conversion {
        NONE,
        MILLISECONDS_TO_SECONDS;

        Double apply(Double value) {
            if (value == null) {
                return null;
            }
            return switch (this) {
                case NONE -> value;
                case MILLISECONDS_TO_SECONDS -> value / 1000.0;
            };
        }
    }

    private final String key;
    private final String catalogueId;
    private final Measurement measurement;
    private final Conversion conversion;
    private final List<String> companionKeys;

    SmartSightMetric(String key, String catalogueId, Measurement measurement, Conversion conversion, String... companionKeys) {
        this.key = key;
        this.catalogueId = catalogueId;
        this.measurement = measurement;
        this.conversion = conversion;
        this.companionKeys = List.of(companionKeys);
    }

    String key() {
        return key;
    }

    String catalogueId() {
        return catalogueId;
    }

    /** Null means the catalogue's default measurement. */
    Measurement measurement() {
        return measurement;
    }

    Conversion conversion() {
        return conversion;
    }

    /** Fields the seed's responses return beside this one (e.g. {@code bufferingratio} brings {@code playdur}). */
    List<SmartSightMetric> companions() {
        return companionKeys.stream().map(name -> byKey(name).orElseThrow()).toList();
    }

    /** Counts are whole numbers in SmartSight's responses. */
    boolean isCount() {
        return this == VIEWERCOUNT || this == ATTEMPTS || this == ENDEDPLAYS || this == ERRORS || this == CONCURVIEWAVG;
    }

    static Optional<SmartSightMetric> byKey(String key) {
        String normalized = key.trim().toLowerCase(Locale.ROOT);
        // aliases the vendor's own docs use for the same numbers
        String canonical = switch (normalized) {
            case "concurrentviewavg" -> "concurviewavg";
            case "startupabandonement", "startupabandonment" -> "startupabandonmentrate";
            case "sumbuffwaitvrt" -> "vrtbufferingratio";
            case "cirrbufferingratio" -> "sumbuffwaitcirr";
            case "avg_latency" -> "latency";
            case "avg_qualityofexperience" -> "qualityofexperience";
            case "plays" -> "viewercount";
            default -> normalized;
        };
        return Arrays.stream(values()).filter(metric -> metric.key.equals(canonical)).findFirst();
    }
}
