package dev.playtrace.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A property of a view that queries can filter and group by. Each is a text column of the views table named
 * {@link #id()}; its value comes from the beacon field {@link #beaconField()} (merged over the view's events),
 * from enrichment, or, for outcome flags, from the view's computed primitives ("true"/"false").
 */
public enum Dimension {
    VIDEO_ID("video_id", Group.BASIC, "video_id"),
    VIDEO_TITLE("video_title", Group.BASIC, "video_title"),
    VIDEO_SERIES("video_series", Group.BASIC, "video_series"),
    STREAM_TYPE("stream_type", Group.BASIC, "video_stream_type"),
    CDN("cdn", Group.BASIC, "video_cdn"),
    PLAYER_NAME("player_name", Group.BASIC, "player_name"),
    PLAYER_VERSION("player_version", Group.ADVANCED, "player_version"),
    BROWSER("browser", Group.BASIC, "viewer_application_name"),
    BROWSER_VERSION("browser_version", Group.ADVANCED, "viewer_application_version"),
    OPERATING_SYSTEM("operating_system", Group.BASIC, "viewer_os_family"),
    OPERATING_SYSTEM_VERSION("operating_system_version", Group.ADVANCED, "viewer_os_version"),
    DEVICE_CATEGORY("device_category", Group.BASIC, "viewer_device_category", "viewer_device_category"),
    DEVICE_MANUFACTURER("device_manufacturer", Group.ADVANCED, "viewer_device_manufacturer", "viewer_device_manufacturer"),
    DEVICE_MODEL("device_model", Group.ADVANCED, "viewer_device_model", "viewer_device_model"),
    COUNTRY("country", Group.BASIC, "country_code", "country_code"),
    VIEWER_USER_ID("viewer_user_id", Group.ADVANCED, "viewer_user_id"),
    SUB_PROPERTY_ID("sub_property_id", Group.ADVANCED, "sub_property_id"),
    PAGE_TYPE("page_type", Group.ADVANCED, "page_type"),
    EXPERIMENT_NAME("experiment_name", Group.ADVANCED, "experiment_name"),
    /** The code of the view's first fatal error. */
    ERROR_CODE("error_code", Group.BASIC, null, "player_error_code"),
    CUSTOM_1("custom_1", Group.ADVANCED, "custom_1"),
    CUSTOM_2("custom_2", Group.ADVANCED, "custom_2"),
    CUSTOM_3("custom_3", Group.ADVANCED, "custom_3"),
    CUSTOM_4("custom_4", Group.ADVANCED, "custom_4"),
    CUSTOM_5("custom_5", Group.ADVANCED, "custom_5"),
    CUSTOM_6("custom_6", Group.ADVANCED, "custom_6"),
    CUSTOM_7("custom_7", Group.ADVANCED, "custom_7"),
    CUSTOM_8("custom_8", Group.ADVANCED, "custom_8"),
    CUSTOM_9("custom_9", Group.ADVANCED, "custom_9"),
    CUSTOM_10("custom_10", Group.ADVANCED, "custom_10"),
    EXIT_BEFORE_VIDEO_START("exit_before_video_start", Group.OUTCOME, null),
    VIDEO_STARTUP_FAILURE("video_startup_failure", Group.OUTCOME, null),
    VIDEO_STARTUP_BUSINESS_EXCEPTION("video_startup_business_exception", Group.OUTCOME, null),
    PLAYBACK_FAILURE("playback_failure", Group.OUTCOME, null),
    PLAYBACK_BUSINESS_EXCEPTION("playback_business_exception", Group.OUTCOME, null),
    VIEW_DROPPED("view_dropped", Group.OUTCOME, null);

    /** How the dimension list groups dimensions ({@code /data/v1/dimensions} shows basic and advanced). */
    public enum Group { BASIC, ADVANCED, OUTCOME }

    private static final Map<String, Dimension> BY_NAME = Arrays.stream(values())
            .flatMap(dimension -> Stream.concat(Stream.of(dimension.id), dimension.aliases.stream())
                    .map(name -> Map.entry(name, dimension)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String id;
    private final Group group;
    private final String beaconField;
    private final List<String> aliases;

    Dimension(String id, Group group, String beaconField, String... aliases) {
        this.id = id;
        this.group = group;
        this.beaconField = beaconField;
        this.aliases = List.of(aliases);
    }

    /** The public name, which is also the views table column name. */
    public String id() {
        return id;
    }

    public Group group() {
        return group;
    }

    /** The long-form beacon field that carries this dimension, or null when it is derived from the view. */
    public String beaconField() {
        return beaconField;
    }

    /** Other accepted names (Mux's {@code viewer_device_category}, {@code player_error_code}, ...). */
    public List<String> aliases() {
        return aliases;
    }

    public boolean isOutcomeFlag() {
        return group == Group.OUTCOME;
    }

    /** Finds a dimension by its id or an alias, ignoring case. */
    public static Optional<Dimension> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }
}
