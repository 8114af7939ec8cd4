package dev.playtrace.model;

/** Long-form beacon field names that the sessionizer and enrichment read or write. */
public final class BeaconFields {
    public static final String ENV_KEY = "env_key";
    public static final String VIEW_ID = "view_id";
    public static final String VIEW_SEQUENCE_NUMBER = "view_sequence_number";
    public static final String VIEWER_TIME = "viewer_time";
    public static final String PLAYER_PLAYHEAD_TIME = "player_playhead_time";
    public static final String EVENT = "event";

    /** The SDK's anonymous viewer id (a cookie or device id); the fallback identity for unique viewers. */
    public static final String MUX_VIEWER_ID = "mux_viewer_id";
    public static final String VIEWER_USER_ID = "viewer_user_id";

    public static final String VIDEO_SOURCE_WIDTH = "video_source_width";
    public static final String VIDEO_SOURCE_HEIGHT = "video_source_height";
    public static final String VIDEO_SOURCE_BITRATE = "video_source_bitrate";
    public static final String PLAYER_WIDTH = "player_width";
    public static final String PLAYER_HEIGHT = "player_height";

    public static final String PLAYER_ERROR_CODE = "player_error_code";
    public static final String PLAYER_ERROR_MESSAGE = "player_error_message";
    /** "fatal" (default for an {@code error} event) or "warning". */
    public static final String PLAYER_ERROR_SEVERITY = "player_error_severity";
    public static final String PLAYER_ERROR_BUSINESS_EXCEPTION = "player_error_business_exception";

    private BeaconFields() {
    }
}
