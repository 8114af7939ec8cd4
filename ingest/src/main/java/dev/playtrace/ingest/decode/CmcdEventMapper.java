package dev.playtrace.ingest.decode;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps one parsed CMCD v2 event-mode report (CTA-5004-B) to a long-form Playtrace event (beacon-protocol.md, "CMCD
 * v2"), or to null when the report carries nothing Playtrace records (a play-state report of {@code sta=d},
 * preloading). Keys with a Playtrace field become that field; every other key is kept on the event as
 * {@code cmcd_<key>} (metrics.md gives them no meaning, so no number uses them), except {@code v}. Values Playtrace
 * could not store (a name or text over the protocol's limits) are left out with a warning rather than costing the
 * report.
 */
public final class CmcdEventMapper {
    /** Prefix of the event fields that keep CMCD keys without a Playtrace field. */
    public static final String KEPT_KEY_PREFIX = "cmcd_";
    /** Keys read into Playtrace fields on every report. */
    private static final Set<String> ALWAYS_MAPPED = Set.of("sid", "sn", "ts", "pt", "cid", "cdn", "st", "pr", "v");
    private static final HexFormat HEX = HexFormat.of();

    private final BeaconLimits limits;

    public CmcdEventMapper(BeaconLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits is null");
    }

    /**
     * The view a report belongs to. CMCD's session ({@code sid}) may play several contents, one after another (a
     * content change, {@code e=c}, is a new view within one {@code sid}; metrics.md §1: one view is one video), so a
     * report naming its content ({@code cid}) belongs to the view {@code <sid>~<12 hex digits of SHA-256(cid)>};
     * one without {@code cid} to the view {@code <sid>}.
     */
    public static String viewId(String sid, String cid) {
        if (cid == null) {
            return sid;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cid.getBytes(StandardCharsets.UTF_8));
            return sid + "~" + HEX.formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * @param sequenceFallback the sequence number to use when the report has no {@code sn} (null: none)
     * @param warnings receives a line for each value left out
     */
    public Map<String, Object> toLongForm(Map<String, Object> report, Long sequenceFallback, Set<String> warnings) {
        String name = eventName(report);
        if (name == null) {
            return null;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        Set<String> mapped = new java.util.HashSet<>(ALWAYS_MAPPED);
        event.put("event", name);
        Object sid = report.get("sid");
        Object cid = report.get("cid");
        if (sid instanceof String session) {
            event.put("view_id", viewId(session, cid instanceof String content ? content : null));
        } else {
            mapped.remove("sid"); // kept as sent, so the rejection (no view_id) is not the only trace of it
        }
        Object sequence = report.containsKey("sn") ? report.get("sn") : sequenceFallback;
        if (sequence != null) {
            event.put("view_sequence_number", scalar(sequence));
        }
        copy(report, "ts", event, "viewer_time");
        copy(report, "pt", event, "player_playhead_time");
        copyText(report, "cid", event, "video_id", warnings);
        copyText(report, "cdn", event, "video_cdn", warnings);
        if (sid instanceof String) {
            putText(event, KEPT_KEY_PREFIX + "sid", sid, warnings); // the session, for views split by content
        }
        Object streamType = report.get("st");
        if ("v".equals(streamType)) {
            event.put("video_stream_type", "on-demand");
        } else if ("l".equals(streamType) || "ll".equals(streamType)) {
            event.put("video_stream_type", "live"); // ll: low-latency live
        } else {
            mapped.remove("st");
        }
        // bc signals br (the new rendition's bitrate); elsewhere pb, the bitrate at the playhead, says what plays
        String preferred = "bc".equals(report.get("e")) ? "br" : "pb";
        String bitrateKey = report.containsKey(preferred) ? preferred : preferred.equals("br") ? "pb" : "br";
        Object kbps = first(report.get(bitrateKey));
        if (kbps instanceof Long value) {
            event.put("video_source_bitrate", value * 1000);
            mapped.add(bitrateKey);
        } else if (kbps instanceof BigDecimal value) {
            event.put("video_source_bitrate", value.multiply(BigDecimal.valueOf(1000)).doubleValue());
            mapped.add(bitrateKey);
        }
        copy(report, "pr", event, "player_playback_rate");
        switch (name) {
            case "error" -> {
                copy(report, "ec", event, "player_error_code");
                mapped.add("ec");
                // only the fatal-error play state says playback stopped; an error event alone may be recoverable
                event.put("player_error_severity", "f".equals(report.get("sta")) ? "fatal" : "warning");
            }
            case "requestcompleted", "requestfailed" -> mapResponse(report, event, mapped, warnings);
            default -> {
            }
        }
        if (!name.equals("hb") || "t".equals(report.get("e"))) {
            mapped.add("e"); // the event name says it; other types become heartbeats and keep cmcd_e
        }
        if ("ps".equals(report.get("e"))) {
            mapped.add("sta");
        }
        keepTheRest(report, mapped, event, warnings);
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
            case "rr" -> isFailure(report.get("rc")) ? "requestfailed" : "requestcompleted";
            case "pr" -> "ratechange";
            // a new content within the session: the first report of a new view (viewId)
            case "c" -> "viewstart";
            case "abs" -> "adbreakstart";
            case "abe" -> "adbreakend";
            case "as" -> "adplaying";
            case "ae" -> "adended";
            // t (time interval) and every other type (mute, backgrounded, expand, skip, custom, ...): the player is
            // still there
            default -> "hb";
        };
    }

    /** A response code that is not a response a player can use: none (0, a network failure) or 4xx/5xx. */
    private static boolean isFailure(Object rc) {
        return rc instanceof Long code && (code == 0 || code >= 400);
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

    /**
     * A response-received report, in mux-embed's request fields: {@code ts} is when the request started
     * (CTA-5004-B), and stays the event's time, so a report never moves the view's clock past a later report's
     * time; {@code ttfb} and {@code ttlb} become absolute times from it.
     */
    private void mapResponse(Map<String, Object> report, Map<String, Object> event, Set<String> mapped,
            Set<String> warnings) {
        Object url = report.get("url");
        if (url instanceof String text) {
            putText(event, "request_url", text, warnings);
            String host = hostOf(text);
            if (host != null) {
                putText(event, "request_hostname", host, warnings);
            }
            mapped.add("url");
        }
        Object rc = report.get("rc");
        if (rc instanceof Long code) {
            event.put("request_response_code", code);
            if (isFailure(code)) {
                event.put("request_error_code", code);
            }
            mapped.add("rc");
        }
        Object ts = scalar(report.get("ts"));
        if (ts instanceof Number start) {
            event.put("request_start", start);
            for (String[] pair : new String[][] {{"ttfb", "request_response_start"}, {"ttlb", "request_response_end"}}) {
                if (scalar(report.get(pair[0])) instanceof Number offset) {
                    event.put(pair[1], start instanceof Long s && offset instanceof Long o ? (Object) (s + o)
                            : (Object) (start.doubleValue() + offset.doubleValue()));
                    mapped.add(pair[0]);
                }
            }
        }
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void keepTheRest(Map<String, Object> report, Set<String> mapped, Map<String, Object> event,
            Set<String> warnings) {
        for (Map.Entry<String, Object> entry : report.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            // a mapped list key keeps its whole list too when the field took only its first item
            boolean wholeList = value instanceof List<?> list && list.size() > 1;
            if (mapped.contains(key) && !wholeList) {
                continue;
            }
            String field = KEPT_KEY_PREFIX + key;
            if (field.length() > limits.maxFieldNameLength()) {
                warnings.add("CMCD key \"" + key.substring(0, 32) + "...\" is longer than "
                        + (limits.maxFieldNameLength() - KEPT_KEY_PREFIX.length()) + " characters: not kept");
                continue;
            }
            // room for the core fields and the server's enrichment
            if (event.size() >= limits.maxFieldsPerEvent() - 16) {
                warnings.add("a CMCD report has more keys than an event has fields: the last ones are not kept");
                return;
            }
            putText(event, field, value, warnings);
        }
    }

    /** Puts {@code value} (a list as its items separated by spaces) unless it is text over the protocol's limit. */
    private void putText(Map<String, Object> event, String field, Object value, Set<String> warnings) {
        Object stored = value instanceof List<?> list
                ? list.size() == 1 ? scalar(list.getFirst())
                : list.stream().map(item -> String.valueOf(scalar(item))).collect(Collectors.joining(" "))
                : scalar(value);
        if (stored instanceof String text) {
            int limit = field.endsWith("_url") ? limits.maxUrlLength() : limits.maxTextLength();
            if (text.length() > limit) {
                warnings.add("the value of " + field + " is longer than " + limit + " characters: not kept");
                return;
            }
        }
        event.put(field, stored);
    }

    private void copyText(Map<String, Object> from, String key, Map<String, Object> to, String field,
            Set<String> warnings) {
        Object value = from.get(key);
        if (value != null) {
            putText(to, field, first(value), warnings);
        }
    }

    private static void copy(Map<String, Object> from, String key, Map<String, Object> to, String field) {
        Object value = scalar(first(from.get(key)));
        if (value != null) {
            to.put(field, value);
        }
    }

    private static Object first(Object value) {
        return value instanceof List<?> list ? list.isEmpty() ? null : list.getFirst() : value;
    }

    private static Object scalar(Object value) {
        return value instanceof BigDecimal decimal ? decimal.doubleValue() : value;
    }
}
