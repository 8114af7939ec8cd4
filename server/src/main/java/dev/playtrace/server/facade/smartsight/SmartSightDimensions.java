package dev.playtrace.server.facade.smartsight;

import dev.playtrace.model.Dimension;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;

/** SmartSight dimension keys (cdn, device, platform, asset, player, ...) and the Playtrace dimensions they name. */
final class SmartSightDimensions {
    private static final Map<String, Dimension> BY_KEY = Map.ofEntries(
            entry("cdn", Dimension.CDN),
            entry("device", Dimension.DEVICE_CATEGORY),
            entry("devicetype", Dimension.DEVICE_CATEGORY),
            entry("devicecategory", Dimension.DEVICE_CATEGORY),
            entry("devicemodel", Dimension.DEVICE_MODEL),
            entry("model", Dimension.DEVICE_MODEL),
            entry("devicemake", Dimension.DEVICE_MANUFACTURER),
            entry("brand", Dimension.DEVICE_MANUFACTURER),
            entry("browser", Dimension.BROWSER),
            entry("browserversion", Dimension.BROWSER_VERSION),
            entry("os", Dimension.OPERATING_SYSTEM),
            entry("platform", Dimension.OPERATING_SYSTEM),
            entry("operatingsystem", Dimension.OPERATING_SYSTEM),
            entry("osversion", Dimension.OPERATING_SYSTEM_VERSION),
            entry("country", Dimension.COUNTRY),
            entry("asset", Dimension.VIDEO_ID),
            entry("assetid", Dimension.VIDEO_ID),
            entry("video", Dimension.VIDEO_ID),
            entry("videoid", Dimension.VIDEO_ID),
            entry("assetname", Dimension.VIDEO_TITLE),
            entry("title", Dimension.VIDEO_TITLE),
            entry("videotitle", Dimension.VIDEO_TITLE),
            entry("player", Dimension.PLAYER_NAME),
            entry("playername", Dimension.PLAYER_NAME),
            entry("playerversion", Dimension.PLAYER_VERSION),
            entry("streamtype", Dimension.STREAM_TYPE),
            entry("contenttype", Dimension.STREAM_TYPE),
            entry("subscriberid", Dimension.VIEWER_USER_ID),
            entry("errorcode", Dimension.ERROR_CODE));

    private SmartSightDimensions() {
    }

    /** The dimension a SmartSight key names; Playtrace's own names and aliases are accepted too. */
    static Optional<Dimension> byKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String normalized = key.trim().toLowerCase(Locale.ROOT);
        Dimension known = BY_KEY.get(normalized.replace("_", "").replace(" ", ""));
        if (known != null) {
            return Optional.of(known);
        }
        return Dimension.byName(normalized).filter(dimension -> !dimension.isOutcomeFlag());
    }
}
