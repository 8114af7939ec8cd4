package dev.playtrace.ingest.enrich;

import static java.util.Objects.requireNonNull;

/**
 * What a User-Agent header says about the viewer's software and device; every text is null when unknown.
 *
 * @param browserName e.g. "Chrome", "Safari"
 * @param browserVersion major version, e.g. "120"
 * @param osFamily e.g. "Windows", "iOS", "Android"
 * @param osVersion e.g. "17.1.2"; may be a bound such as ">=10" when the header hides the exact version
 * @param deviceManufacturer e.g. "Apple", "Samsung"
 * @param deviceModel the model without the manufacturer, e.g. "iPhone", "SM-X700"
 */
public record UserAgentInfo(
        String browserName,
        String browserVersion,
        String osFamily,
        String osVersion,
        DeviceCategory deviceCategory,
        String deviceManufacturer,
        String deviceModel) {

    public static final UserAgentInfo UNKNOWN = new UserAgentInfo(null, null, null, null, DeviceCategory.UNKNOWN, null, null);

    public UserAgentInfo {
        requireNonNull(deviceCategory, "deviceCategory is null");
    }
}
