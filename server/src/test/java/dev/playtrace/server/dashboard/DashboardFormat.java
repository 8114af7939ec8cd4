package dev.playtrace.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * The dashboard's number formatting (resources/dashboard/format.js), so tests can turn an API value into the text
 * the page must show. Change both together.
 */
final class DashboardFormat {
    static final String NONE = "—";

    private DashboardFormat() {
    }

    static String value(Double value, String unit, String metricId) {
        if (value == null || value.isNaN()) {
            return NONE;
        }
        if (metricId.equals("watch_time") || metricId.equals("playing_time") || metricId.equals("play_duration")) {
            return String.format(Locale.US, "%.1f h", value / 3_600_000);
        }
        return switch (unit) {
            case "%" -> percent(value);
            case "ms" -> count(Math.round(value)) + " ms";
            case "score" -> String.format(Locale.US, "%.1f", value);
            case "bps" -> count(Math.round(value / 1000)) + " kbps";
            case "1/min" -> String.format(Locale.US, "%.2f/min", value);
            default -> value == Math.rint(value) ? count(value.longValue()) : String.format(Locale.US, "%.2f", value);
        };
    }

    static String count(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    static String percent(double value) {
        return String.format(Locale.US, "%.2f%%", value);
    }

    /** formatDurationMs: ms under a second, seconds with one decimal under a minute, then min and s, then h and min. */
    static String durationMs(JsonNode ms) {
        if (ms == null || ms.isNull() || ms.isMissingNode()) {
            return NONE;
        }
        double value = ms.asDouble();
        if (value < 1000) {
            return Math.round(value) + " ms";
        }
        double seconds = value / 1000;
        if (seconds < 60) {
            return String.format(Locale.US, "%.1f s", seconds);
        }
        long minutes = (long) Math.floor(seconds / 60);
        if (minutes < 60) {
            return minutes + " min " + Math.round(seconds % 60) + " s";
        }
        return minutes / 60 + " h " + minutes % 60 + " min";
    }

    /** Relative change, one decimal, with a real minus sign; none when the previous value is 0 or unknown. */
    static String change(Double current, Double previous) {
        if (current == null || previous == null || previous == 0) {
            return NONE;
        }
        double percent = (current - previous) / Math.abs(previous) * 100;
        String text = String.format(Locale.US, "%.1f%%", Math.abs(percent));
        if (text.equals("0.0%")) {
            return text;
        }
        return (percent > 0 ? "+" : "\u2212") + text;
    }
}
