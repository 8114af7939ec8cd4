package dev.playtrace.ingest.decode;

import dev.playtrace.model.BeaconFields;
import dev.playtrace.model.Dimension;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The long-form event fields this server interprets, each with its {@link FieldType}. Fields not listed here are
 * kept on the event as sent (forward compatibility) and reported once per batch in the warnings.
 */
public final class KnownFields {
    /** Fields every event carries, read by {@link CoreFields} and not copied into {@code PlayerEvent.fields()}. */
    public static final Set<String> CORE = Set.of(
            BeaconFields.EVENT, BeaconFields.VIEW_ID, BeaconFields.VIEW_SEQUENCE_NUMBER, BeaconFields.VIEWER_TIME,
            BeaconFields.PLAYER_PLAYHEAD_TIME, BeaconFields.ENV_KEY);

    private static final Map<String, FieldType> TYPES = buildTypes();

    private KnownFields() {
    }

    public static Optional<FieldType> typeOf(String field) {
        return Optional.ofNullable(TYPES.get(field));
    }

    /** Every known non-core field with its type, for documentation and tests. */
    public static Map<String, FieldType> all() {
        return Map.copyOf(TYPES);
    }

    private static Map<String, FieldType> buildTypes() {
        Map<String, FieldType> types = new HashMap<>();
        // every dimension that comes from a beacon field is text unless listed below
        for (Dimension dimension : Dimension.values()) {
            if (dimension.beaconField() != null) {
                types.put(dimension.beaconField(), FieldType.TEXT);
            }
        }
        for (String text : new String[] {
                "video_content_type", "video_language_code", "video_variant_id", "video_variant_name",
                "video_producer", "video_encoding_variant", "video_source_mime_type", "video_source_hostname",
                "player_software", "player_software_version", "player_mux_plugin_name", "player_mux_plugin_version",
                "player_instance_id", "player_language_code", "player_preload", "player_error_context",
                BeaconFields.PLAYER_ERROR_MESSAGE, BeaconFields.MUX_VIEWER_ID, BeaconFields.VIEWER_USER_ID,
                "viewer_device_name", "viewer_os_architecture", "viewer_connection_type",
                "page_url", "video_source_url", "video_poster_url",
        }) {
            types.put(text, FieldType.TEXT);
        }
        for (String number : new String[] {
                BeaconFields.PLAYER_WIDTH, BeaconFields.PLAYER_HEIGHT, BeaconFields.VIDEO_SOURCE_WIDTH,
                BeaconFields.VIDEO_SOURCE_HEIGHT, BeaconFields.VIDEO_SOURCE_BITRATE, "video_duration",
                "video_source_duration", "player_init_time",
        }) {
            types.put(number, FieldType.NON_NEGATIVE_NUMBER);
        }
        types.put(BeaconFields.PLAYER_ERROR_BUSINESS_EXCEPTION, FieldType.BOOLEAN);
        types.put("player_autoplay", FieldType.BOOLEAN);
        types.put("player_is_fullscreen", FieldType.BOOLEAN);
        types.put("player_is_paused", FieldType.BOOLEAN);
        types.put(BeaconFields.PLAYER_ERROR_CODE, FieldType.ERROR_CODE);
        types.put(BeaconFields.PLAYER_ERROR_SEVERITY, FieldType.ERROR_SEVERITY);
        types.put("video_stream_type", FieldType.STREAM_TYPE);
        types.put("viewer_device_category", FieldType.DEVICE_CATEGORY);
        types.put("country_code", FieldType.COUNTRY_CODE);
        CORE.forEach(types::remove);
        return types;
    }
}
