package dev.playtrace.ingest.decode;

import dev.playtrace.model.BeaconFields;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites an event sent by mux-embed, with compressed keys, into the long-form event of the native protocol, so it
 * is validated exactly like one; a long-form event is returned unchanged.
 *
 * <p>An event is taken as compressed when it has no {@code event} field (every long-form event needs one, mux-embed
 * sends {@code e}): so a native body is never rewritten, and an unknown long-form key in it cannot be misread as a
 * compressed one. In a compressed event, a key that is already a known long-form name stays as it is, a key that
 * expands completely is expanded, and any other key is kept as sent (and listed as unknown by the pipeline).
 *
 * <p>In a compressed event, a field whose value is an object or array is dropped: mux-embed keeps its last request's
 * response headers ({@code qrphe}, an object) in its state and repeats them on every later event, {@code viewend}
 * included, and the native protocol rejects an event with a nested value.
 */
public final class MuxEventAdapter {
    private static final String VIDEO_STREAM_TYPE = "video_stream_type";

    private MuxEventAdapter() {
    }

    /** The event's fields with long-form keys and mux-embed's values mapped; the same map when it is long-form. */
    public static Map<String, Object> toLongForm(Map<String, Object> fields) {
        if (fields.containsKey(BeaconFields.EVENT)) {
            return fields;
        }
        Map<String, Object> longForm = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            // mux-embed reports a value it does not know (e.g. the device category) as "": that is absent
            if (value instanceof String text && text.isEmpty() || value instanceof NestedValue) {
                continue;
            }
            String name = longFormName(field.getKey());
            longForm.put(name, name.equals(VIDEO_STREAM_TYPE) ? streamType(value) : value);
        }
        return longForm;
    }

    /** The long-form name of one metadata key among {@code known}: the key itself, or its expansion when known. */
    public static String metadataKey(String key, Set<String> known) {
        if (known.contains(key)) {
            return key;
        }
        return MuxKeyExpander.expand(key).filter(known::contains).orElse(key);
    }

    private static String longFormName(String key) {
        if (KnownFields.CORE.contains(key) || KnownFields.typeOf(key).isPresent()) {
            return key;
        }
        Optional<String> expanded = MuxKeyExpander.expand(key);
        return expanded.orElse(key);
    }

    /** Mux's live variants (low-latency, DVR) are live streams here; other values go to the normal check. */
    private static Object streamType(Object value) {
        if (value instanceof String text) {
            String type = text.trim().toLowerCase(Locale.ROOT);
            if (type.equals("ll-live") || type.startsWith("live:") || type.startsWith("ll-live:")) {
                return "live";
            }
        }
        return value;
    }
}
