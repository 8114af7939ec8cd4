package dev.playtrace.simulator;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A kind of device a viewer watches on: a real User-Agent string plus what the simulator assumes about such a device
 * (player sizes, player software, network). Only {@link #userAgent()} reaches the server; browser, operating system
 * and device category are the server's to derive from it, so the simulator's ground truth never states them.
 *
 * @param key a stable simulator-internal name, e.g. {@code "desktop-chrome-windows"}
 * @param weight share of devices of this kind in the viewer population (relative)
 * @param playerSizes possible {@code [width, height]} player sizes in px (picked per view, first is most common)
 * @param maxRenditionIndex highest rung of {@link Rendition#LADDER} the player selects on this device
 * @param poorNetworkBias added to the probability of a fair or poor network (mobile: higher)
 * @param playerName {@code player_name} of the app or web player that runs on this device
 * @param playerVersions {@code player_version} values, the first the newest and most common
 * @param subPropertyId {@code sub_property_id}: which app or site property
 */
public record DeviceProfile(
        String key,
        String userAgent,
        Kind kind,
        double weight,
        List<int[]> playerSizes,
        int maxRenditionIndex,
        double poorNetworkBias,
        String playerName,
        List<String> playerVersions,
        String subPropertyId) {

    /** Simulator-internal grouping of profiles; not sent, not a truth value. */
    public enum Kind { DESKTOP, PHONE, TABLET, TV, CONSOLE }

    public DeviceProfile {
        requireNonNull(key, "key is null");
        requireNonNull(userAgent, "userAgent is null");
        requireNonNull(kind, "kind is null");
        playerSizes = List.copyOf(playerSizes);
        playerVersions = List.copyOf(playerVersions);
    }

    private static final List<String> WEB_VERSIONS = List.of("2.4.1", "2.4.0", "2.3.7");
    private static final List<String> IOS_VERSIONS = List.of("1.9.2", "1.9.0", "1.8.4");
    private static final List<String> ANDROID_VERSIONS = List.of("3.0.4", "3.0.1", "2.9.9");
    private static final List<String> TV_VERSIONS = List.of("1.2.0", "1.1.3");
    private static final List<int[]> DESKTOP_SIZES = List.of(
            new int[] {1280, 720}, new int[] {1920, 1080}, new int[] {854, 480}, new int[] {640, 360},
            new int[] {1600, 900});
    private static final List<int[]> PHONE_SIZES = List.of(
            new int[] {390, 219}, new int[] {844, 390}, new int[] {412, 232}, new int[] {915, 412});
    private static final List<int[]> TABLET_SIZES = List.of(
            new int[] {1024, 576}, new int[] {1180, 664}, new int[] {1366, 768});
    private static final List<int[]> TV_SIZES = List.of(new int[] {1920, 1080}, new int[] {3840, 2160});

    /**
     * The device pool: real User-Agent strings of desktop Chrome, Firefox, Safari and Edge on Windows, macOS and
     * Linux, iPhone Safari, Android Chrome phones and tablet, iPad, Samsung Tizen and LG webOS TVs, and PlayStation.
     */
    public static final List<DeviceProfile> POOL = List.of(
            new DeviceProfile("desktop-chrome-windows",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/124.0.0.0 Safari/537.36",
                    Kind.DESKTOP, 20, DESKTOP_SIZES, 4, 0.0, "playtrace-web", WEB_VERSIONS, "web"),
            new DeviceProfile("desktop-chrome-macos",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/124.0.0.0 Safari/537.36",
                    Kind.DESKTOP, 7, DESKTOP_SIZES, 4, 0.0, "playtrace-web", WEB_VERSIONS, "web"),
            new DeviceProfile("desktop-chrome-linux",
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/124.0.0.0 Safari/537.36",
                    Kind.DESKTOP, 2, DESKTOP_SIZES, 4, 0.0, "playtrace-web", WEB_VERSIONS, "web"),
            new DeviceProfile("desktop-firefox-windows",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
                    Kind.DESKTOP, 4, DESKTOP_SIZES, 4, 0.0, "playtrace-web", WEB_VERSIONS, "web"),
            new DeviceProfile("desktop-firefox-macos",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0",
                    Kind.DESKTOP, 1.5, DESKTOP_SIZES, 4, 0.0, "playtrace-web", WEB_VERSIONS, "web"),
            new DeviceProfile("desktop-firefox-linux",
                    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
                    Kind.DESKTOP, 1.5, DESKTOP_SIZES, 4, 0.0, "playtrace-web", WEB_VERSIONS, "web"),
            new DeviceProfile("desktop-safari-macos",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                            + "Version/17.4.1 Safari/605.1.15",
                    Kind.DESKTOP, 6, DESKTOP_SIZES, 4, 0.0, "playtrace-web", WEB_VERSIONS, "web"),
            new DeviceProfile("desktop-edge-windows",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
                    Kind.DESKTOP, 5, DESKTOP_SIZES, 4, 0.0, "playtrace-web", WEB_VERSIONS, "web"),
            new DeviceProfile("iphone-safari",
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
                            + "(KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
                    Kind.PHONE, 18, PHONE_SIZES, 3, 0.15, "playtrace-ios", IOS_VERSIONS, "ios"),
            new DeviceProfile("android-chrome-pixel",
                    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/124.0.6367.82 Mobile Safari/537.36",
                    Kind.PHONE, 6, PHONE_SIZES, 3, 0.2, "playtrace-android", ANDROID_VERSIONS, "android"),
            new DeviceProfile("android-chrome-samsung",
                    "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/123.0.6312.99 Mobile Safari/537.36",
                    Kind.PHONE, 9, PHONE_SIZES, 3, 0.2, "playtrace-android", ANDROID_VERSIONS, "android"),
            new DeviceProfile("android-chrome-tablet",
                    "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/124.0.6367.82 Safari/537.36",
                    Kind.TABLET, 2.5, TABLET_SIZES, 4, 0.1, "playtrace-android", ANDROID_VERSIONS, "android"),
            new DeviceProfile("ipad-safari",
                    "Mozilla/5.0 (iPad; CPU OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                            + "Version/17.4.1 Mobile/15E148 Safari/604.1",
                    Kind.TABLET, 4, TABLET_SIZES, 4, 0.05, "playtrace-ios", IOS_VERSIONS, "ios"),
            new DeviceProfile("tv-samsung-tizen",
                    "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "85.0.4183.93/6.5 TV Safari/537.36",
                    Kind.TV, 4, TV_SIZES, 5, 0.0, "playtrace-tv", TV_VERSIONS, "tv"),
            new DeviceProfile("tv-lg-webos",
                    "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/87.0.4280.88 Safari/537.36 WebAppManager",
                    Kind.TV, 2.5, TV_SIZES, 5, 0.0, "playtrace-tv", TV_VERSIONS, "tv"),
            new DeviceProfile("console-playstation5",
                    "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                            + "Version/13.0 Safari/605.1.15",
                    Kind.CONSOLE, 2, TV_SIZES, 5, 0.0, "playtrace-tv", TV_VERSIONS, "console"));
}
