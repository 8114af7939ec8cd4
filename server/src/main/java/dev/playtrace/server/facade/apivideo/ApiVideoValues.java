package dev.playtrace.server.facade.apivideo;

import java.util.Locale;
import java.util.Map;

/** Turns stored dimension values into the values api.video's plays dimensions use. */
final class ApiVideoValues {
    /** Countries whose Java English display name differs from the GeoNames English name. */
    private static final Map<String, String> GEONAMES_OVERRIDES = Map.of(
            "CZ", "czechia",
            "MK", "north macedonia",
            "CI", "ivory coast",
            "CG", "republic of the congo",
            "CD", "democratic republic of the congo",
            "VA", "vatican",
            "PS", "palestinian territory",
            "MM", "myanmar",
            "HK", "hong kong",
            "MO", "macao");

    /** The group name of views that never said their stream type; they count as on-demand video. */
    static final String UNKNOWN_STREAM_TYPE = "";

    private ApiVideoValues() {
    }

    /** {@code live} streams are api.video's {@code live-stream}; every other view, typed or not, is a {@code video}. */
    static String mediaType(String streamType) {
        return "live".equals(streamType) ? "live-stream" : "video";
    }

    /** An ISO 3166-1 alpha-2 code as its GeoNames English name in lower case ({@code FR} → {@code france}). */
    static String countryName(String isoCode) {
        String code = isoCode.trim().toUpperCase(Locale.ROOT);
        String override = GEONAMES_OVERRIDES.get(code);
        if (override != null) {
            return override;
        }
        String name = Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() || name.equals(code) ? "unknown" : name.toLowerCase(Locale.ROOT);
    }

    /** The country's English name as the raw-statistics sessions show it ({@code FR} → {@code France}). */
    static String countryDisplayName(String isoCode) {
        String name = Locale.of("", isoCode.trim().toUpperCase(Locale.ROOT)).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() ? "unknown" : name;
    }

    /** Playtrace's device categories in api.video's deviceType vocabulary; bots count as unknown. */
    static String deviceType(String deviceCategory) {
        return switch (deviceCategory.trim().toLowerCase(Locale.ROOT)) {
            case "desktop" -> "computer";
            case "phone" -> "phone";
            case "tablet" -> "tablet";
            case "tv" -> "tv";
            case "console" -> "console";
            case "wearable" -> "wearable";
            default -> "unknown";
        };
    }

    /** Operating system family in lower case, with api.video's {@code mac osx} for macOS. */
    static String operatingSystem(String osFamily) {
        String lower = osFamily.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "mac os", "mac os x", "macos", "mac osx", "os x" -> "mac osx";
            default -> lower;
        };
    }

    static String browser(String browserName) {
        return browserName.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * api.video's OS short name (the seed shows {@code W10} for Windows 10), from the stored OS family and version:
     * Windows plus its major version ({@code W10}, {@code W11}, {@code W7}), otherwise the device-detector code of the
     * family ({@code MAC}, {@code IOS}, {@code AND}, {@code LIN}, {@code CHR} for Chrome OS); {@code unknown} when
     * the family is missing or not one of these.
     */
    static String osShortName(String osFamily, String osVersion) {
        if (osFamily == null || osFamily.isBlank()) {
            return "unknown";
        }
        String family = osFamily.trim().toLowerCase(java.util.Locale.ROOT);
        if (family.startsWith("windows")) {
            String major = osVersion == null ? "" : osVersion.trim().split("[. ]")[0];
            return major.matches("\\d{1,2}") ? "W" + major : "WIN";
        }
        if (family.startsWith("mac") || family.equals("os x")) {
            return "MAC";
        }
        if (family.equals("ios") || family.equals("ipados")) {
            return "IOS";
        }
        if (family.equals("android")) {
            return "AND";
        }
        if (family.equals("chrome os") || family.equals("chromeos")) {
            return "CHR";
        }
        if (family.equals("linux") || family.equals("ubuntu")) {
            return "LIN";
        }
        return "unknown";
    }
}
