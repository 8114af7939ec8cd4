package dev.playtrace.ingest.decode;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps one parsed CMCD v2 event-mode report to a long-form Playtrace event (beacon-protocol.md, "CMCD v2"), or to
 * null when the report carries nothing Playtrace records (a play-state report of {@code sta=d}, preloading).
 * Unmapped CMCD keys are dropped: their meaning has no Playtrace field.
 */
public final class CmcdEventMapper {
    private CmcdEventMapper() {
    }

    public static Map<String, Object> toLongForm(Map<String, Object> report) {
        String name = eventName(report);
        if (name == null) {
            return null;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", name);
        copy(report, "sid", event, "view_id");
        copy(report, "sn", event, "view_sequence_number");
        copy(report, "ts", event, "viewer_time");
        copy(report, "pt", event, "player_playhead_time");
        copy(report, "cid", event, "video_id");
        copy(report, "cdn", event, "video_cdn");
        Object streamType = report.get("st");
        if ("v".equals(streamType)) {
            event.put("video_stream_type", "on-demand");
        } else if ("l".equals(streamType)) {
            event.put("video_stream_type", "live");
        }
        Object kbps = report.containsKey("pb") ? report.get("pb") : report.get("br");
        if (kbps instanceof Long value) {
            event.put("video_source_bitrate", value * 1000);
        } else if (kbps instanceof BigDecimal value) {
            event.put("video_source_bitrate", value.multiply(BigDecimal.valueOf(1000)).doubleValue());
        }
        if (name.equals("error")) {
            copy(report, "ec", event, "player_error_code");
            // only the fatal-error play state says playback stopped; an error event alone may be recoverable
            event.put("player_error_severity", "f".equals(report.get("sta")) ? "fatal" : "warning");
        }
        return event;
    }

    /** The Playtrace event name of the report, null to skip it. */
    static String eventName(Map<String, Object> report) {
        Object type = report.get("e");
        if (type == null || "ps".equals(type)) {
            return playState(report.get("sta"), type != null);
        }
        return switch (String.valueOf(type)) {
            case "bc" -> "renditionchange";
            case "e" -> "error";
            case "rr" -> "requestcompleted";
            // t (time interval) and every other type (mute, backgrounded, ads, custom, ...): the player is still there
            default -> "hb";
        };
    }

    private static String playState(Object state, boolean playStateEvent) {
        if (state == null) {
            return "hb";
        }
        if (!playStateEvent) {
            return "hb"; // a report without e repeats the state; only e=ps marks a change
        }
        return switch (String.valueOf(state)) {
            case "s" -> "play";
            case "p" -> "playing";
            case "k" -> "seeking";
            case "r" -> "waiting";
            // w is waiting for a user action or another event (CTA-5004-B), not a stall: not watching, like a pause
            case "a", "w" -> "pause";
            case "e" -> "ended";
            case "f" -> "error";
            case "q" -> "viewend";
            case "d" -> null;
            default -> "hb";
        };
    }

    private static void copy(Map<String, Object> from, String key, Map<String, Object> to, String field) {
        Object value = from.get(key);
        if (value instanceof BigDecimal decimal) {
            value = decimal.doubleValue();
        }
        if (value != null) {
            to.put(field, value);
        }
    }
}
