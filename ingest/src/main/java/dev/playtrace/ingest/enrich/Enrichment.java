package dev.playtrace.ingest.enrich;

import dev.playtrace.model.Dimension;

import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What the server adds to every event of one batch, computed once per batch from the request (User-Agent, CDN
 * country header, client IP); the IP itself is never part of it.
 *
 * <p>Precedence, per field: the User-Agent fills browser, OS and device fields only where the event does not carry
 * its own value (a native SDK knows its device better than its HTTP client's User-Agent, e.g. {@code okhttp/4.10},
 * says); the country from the CDN header or the IP database always replaces a client-sent {@code country_code}.
 *
 * @param countryCode upper-case ISO code, or null when neither the header nor the IP database knew it
 */
public record Enrichment(UserAgentInfo userAgent, String countryCode) {
    public static final String BROWSER = Dimension.BROWSER.beaconField();
    public static final String BROWSER_VERSION = Dimension.BROWSER_VERSION.beaconField();
    public static final String OS_FAMILY = Dimension.OPERATING_SYSTEM.beaconField();
    public static final String OS_VERSION = Dimension.OPERATING_SYSTEM_VERSION.beaconField();
    public static final String DEVICE_CATEGORY = Dimension.DEVICE_CATEGORY.beaconField();
    public static final String DEVICE_MANUFACTURER = Dimension.DEVICE_MANUFACTURER.beaconField();
    public static final String DEVICE_MODEL = Dimension.DEVICE_MODEL.beaconField();
    public static final String COUNTRY = Dimension.COUNTRY.beaconField();

    /**
     * Fields that describe the viewer's device and place, which do not change within a view: a view keeps the first
     * value it saw (the SDK's own value on its first event wins over User-Agent values filled into later deltas).
     */
    public static final Set<String> VIEW_CONSTANT_FIELDS = Set.of(BROWSER, BROWSER_VERSION, OS_FAMILY, OS_VERSION,
            DEVICE_CATEGORY, DEVICE_MANUFACTURER, DEVICE_MODEL, COUNTRY);

    public static final Enrichment NONE = new Enrichment(UserAgentInfo.UNKNOWN, null);

    public Enrichment {
        requireNonNull(userAgent, "userAgent is null");
    }

    /** Adds this batch's values to one event's validated fields (a mutable map). */
    public void applyTo(Map<String, Object> fields) {
        putIfAbsent(fields, BROWSER, userAgent.browserName());
        putIfAbsent(fields, BROWSER_VERSION, userAgent.browserVersion());
        putIfAbsent(fields, OS_FAMILY, userAgent.osFamily());
        putIfAbsent(fields, OS_VERSION, userAgent.osVersion());
        putIfAbsent(fields, DEVICE_CATEGORY, userAgent.deviceCategory().wireName());
        putIfAbsent(fields, DEVICE_MANUFACTURER, userAgent.deviceManufacturer());
        putIfAbsent(fields, DEVICE_MODEL, userAgent.deviceModel());
        if (countryCode != null) {
            fields.put(COUNTRY, countryCode);
        }
    }

    private static void putIfAbsent(Map<String, Object> fields, String key, String value) {
        if (value != null) {
            fields.putIfAbsent(key, value);
        }
    }
}
