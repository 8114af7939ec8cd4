package dev.playtrace.ingest.enrich;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The coarse kind of device a view played on: the values of the {@code device_category} dimension. */
public enum DeviceCategory {
    DESKTOP("desktop"),
    PHONE("phone"),
    TABLET("tablet"),
    TV("tv"),
    CONSOLE("console"),
    WEARABLE("wearable"),
    BOT("bot"),
    UNKNOWN("unknown");

    private static final List<String> WIRE_NAMES = Arrays.stream(values()).map(DeviceCategory::wireName).toList();

    private final String wireName;

    DeviceCategory(String wireName) {
        this.wireName = wireName;
    }

    /** The value stored in {@code viewer_device_category}. */
    public String wireName() {
        return wireName;
    }

    /** The category of a wire name, ignoring case and surrounding blanks. */
    public static Optional<DeviceCategory> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (DeviceCategory category : values()) {
            if (category.wireName.equals(wanted)) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }

    public static List<String> wireNames() {
        return WIRE_NAMES;
    }
}
