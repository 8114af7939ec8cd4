package dev.playtrace.ingest.enrich;

import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * A {@link UserAgentParser} backed by yauaa. Building a yauaa analyzer takes ~5 s and ~136 MB, so a process shares
 * one: {@link #shared()} builds it on first use. yauaa serialises its own matching and caches parsed agents, so one
 * instance serves all threads.
 */
public final class YauaaUserAgentParser implements UserAgentParser {
    /** Only the fields read here: yauaa computes less when asked for less. */
    static final List<String> FIELDS = List.of(
            UserAgent.DEVICE_CLASS, UserAgent.DEVICE_BRAND, UserAgent.DEVICE_NAME,
            UserAgent.OPERATING_SYSTEM_NAME, UserAgent.OPERATING_SYSTEM_VERSION,
            UserAgent.AGENT_NAME, UserAgent.AGENT_VERSION_MAJOR);

    public static final int DEFAULT_CACHE_SIZE = 10_000;

    /** Values yauaa uses for "not known". */
    private static final Set<String> NOT_KNOWN = Set.of("", "Unknown", "unknown", "??", "Hacker");

    /** Agents seen recently, answered without yauaa (whose own cache still builds a result object per call). */
    private static final int MEMO_MAX_AGENTS = 10_000;

    private final UserAgentAnalyzer analyzer;
    private final Map<String, UserAgentInfo> memo = new ConcurrentHashMap<>();

    public YauaaUserAgentParser(UserAgentAnalyzer analyzer) {
        this.analyzer = requireNonNull(analyzer, "analyzer is null");
    }

    /** The process-wide parser, built (about 5 s) on the first call. */
    public static YauaaUserAgentParser shared() {
        return Shared.INSTANCE;
    }

    /** A new analyzer asking only for {@link #FIELDS}, initialised now rather than on the first parse. */
    public static UserAgentAnalyzer newAnalyzer(int cacheSize) {
        return UserAgentAnalyzer.newBuilder()
                .withFields(FIELDS)
                .withCache(cacheSize)
                .hideMatcherLoadStats()
                .immediateInitialization()
                .build();
    }

    @Override
    public UserAgentInfo parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UserAgentInfo.UNKNOWN;
        }
        UserAgentInfo remembered = memo.get(userAgent);
        if (remembered != null) {
            return remembered;
        }
        UserAgentInfo info = analyse(userAgent);
        if (memo.size() >= MEMO_MAX_AGENTS) {
            memo.clear(); // crude but bounded: real traffic has few distinct agents, and yauaa's cache is behind it
        }
        memo.put(userAgent, info);
        return info;
    }

    private UserAgentInfo analyse(String userAgent) {
        UserAgent parsed;
        try {
            parsed = analyzer.parse(userAgent);
        }
        catch (RuntimeException e) {
            // a parser bug must not cost the batch its events
            return UserAgentInfo.UNKNOWN;
        }
        DeviceCategory category = categoryOf(parsed.getValue(UserAgent.DEVICE_CLASS));
        if (category == DeviceCategory.BOT && "Hacker".equals(parsed.getValue(UserAgent.DEVICE_CLASS))) {
            // yauaa fills every field with "Hacker" for attack strings and garbage; nothing else in it is true
            return new UserAgentInfo(null, null, null, null, category, null, null);
        }
        String brand = known(parsed.getValue(UserAgent.DEVICE_BRAND));
        return new UserAgentInfo(
                browserName(parsed.getValue(UserAgent.AGENT_NAME)),
                known(parsed.getValue(UserAgent.AGENT_VERSION_MAJOR)),
                osFamily(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)),
                known(parsed.getValue(UserAgent.OPERATING_SYSTEM_VERSION)),
                category,
                brand,
                model(brand, parsed.getValue(UserAgent.DEVICE_NAME)));
    }

    /** Maps yauaa's {@code DeviceClass} (https://yauaa.basjes.nl/README-Output.html) onto our categories. */
    static DeviceCategory categoryOf(String deviceClass) {
        if (deviceClass == null) {
            return DeviceCategory.UNKNOWN;
        }
        return switch (deviceClass) {
            case "Desktop" -> DeviceCategory.DESKTOP;
            case "Phone", "Mobile" -> DeviceCategory.PHONE;
            case "Tablet", "eReader" -> DeviceCategory.TABLET;
            case "TV", "Set-top box" -> DeviceCategory.TV;
            case "Game Console", "Handheld Game Console" -> DeviceCategory.CONSOLE;
            case "Watch", "Augmented Reality", "Virtual Reality" -> DeviceCategory.WEARABLE;
            case "Robot", "Robot Mobile", "Robot Imitator", "Hacker" -> DeviceCategory.BOT;
            // Anonymized (a stripped header), Voice, Home Appliance, Car, Unknown: nothing we can group by
            default -> DeviceCategory.UNKNOWN;
        };
    }

    private static String browserName(String agentName) {
        String name = known(agentName);
        // :TRICKY: some TV browsers put their engine version where the name goes ("76.0.3809.146/6.0 TV Safari")
        if (name == null || Character.isDigit(name.charAt(0))) {
            return null;
        }
        return name;
    }

    private static String osFamily(String operatingSystemName) {
        String name = known(operatingSystemName);
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "Windows NT" -> "Windows";
            case "Mac OS" -> "macOS";
            default -> name;
        };
    }

    /** yauaa's DeviceName starts with the brand ("Samsung SM-X700"); the model is the rest, when the brand is known. */
    private static String model(String brand, String deviceName) {
        String name = known(deviceName);
        if (brand == null || name == null) {
            // without a brand the name is generic ("Desktop", "Linux Desktop", "Android Mobile")
            return null;
        }
        if (name.regionMatches(true, 0, brand, 0, brand.length())) {
            name = name.substring(brand.length()).trim();
        }
        return name.isEmpty() ? null : name;
    }

    private static String known(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return NOT_KNOWN.contains(trimmed) ? null : trimmed;
    }

    private static final class Shared {
        static final YauaaUserAgentParser INSTANCE = new YauaaUserAgentParser(newAnalyzer(DEFAULT_CACHE_SIZE));
    }
}
