package dev.playtrace.simulator;

import dev.playtrace.model.Dimension;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Everything about a view that is fixed before it plays: ids, video, player, device, viewer, and the values of every
 * dimension the SDK sends (in its full-state events).
 *
 * @param userAgent sent as the HTTP {@code User-Agent} of every beacon of the view
 * @param countryCode ISO 3166-1 alpha-2; the caller sends it as a CDN country header (e.g. {@code CF-IPCountry})
 * @param clockOffsetMs the device clock minus true (server) time; {@code viewer_time} and
 *        {@code transmission_timestamp} are in the device clock
 * @param initialRendition index into {@link Rendition#LADDER} reported at {@code viewstart}
 * @param customFields {@code custom_1} .. {@code custom_10} (absent keys are not sent), as dimensions
 */
public record ViewSetup(
        String envKey,
        String viewId,
        Video video,
        String cdn,
        String playerName,
        String playerVersion,
        int playerWidthPx,
        int playerHeightPx,
        int initialRendition,
        String viewerUserId,
        String muxViewerId,
        String userAgent,
        String countryCode,
        long clockOffsetMs,
        String subPropertyId,
        String pageType,
        String experimentName,
        Map<Dimension, String> customFields) {

    public ViewSetup {
        requireNonNull(envKey, "envKey is null");
        requireNonNull(viewId, "viewId is null");
        requireNonNull(video, "video is null");
        requireNonNull(muxViewerId, "muxViewerId is null");
        requireNonNull(userAgent, "userAgent is null");
        requireNonNull(countryCode, "countryCode is null");
        if (initialRendition < 0 || initialRendition >= Rendition.LADDER.size()) {
            throw new IllegalArgumentException("initialRendition out of range: " + initialRendition);
        }
        EnumMap<Dimension, String> custom = new EnumMap<>(Dimension.class);
        requireNonNull(customFields, "customFields is null").forEach((dimension, value) -> {
            if (!dimension.id().startsWith("custom_")) {
                throw new IllegalArgumentException("not a custom dimension: " + dimension);
            }
            if (value != null) {
                custom.put(dimension, value);
            }
        });
        customFields = Collections.unmodifiableMap(custom);
    }

    /** A plain desktop Chrome view of {@code video} with no custom fields: a starting point for scripted views. */
    public static ViewSetup simple(String envKey, String viewId, Video video) {
        DeviceProfile device = DeviceProfile.POOL.get(0);
        return new ViewSetup(envKey, viewId, video, "fastly", device.playerName(), device.playerVersions().get(0),
                1280, 720, 3, null, "anon-" + viewId, device.userAgent(), "US", 0, device.subPropertyId(),
                "watchpage", null, Map.of());
    }

    public ViewSetup withViewer(String userId, String anonymousId) {
        return new ViewSetup(envKey, viewId, video, cdn, playerName, playerVersion, playerWidthPx, playerHeightPx,
                initialRendition, userId, anonymousId, userAgent, countryCode, clockOffsetMs, subPropertyId,
                pageType, experimentName, customFields);
    }

    public ViewSetup withPlayerSize(int widthPx, int heightPx, int rendition) {
        return new ViewSetup(envKey, viewId, video, cdn, playerName, playerVersion, widthPx, heightPx, rendition,
                viewerUserId, muxViewerId, userAgent, countryCode, clockOffsetMs, subPropertyId, pageType,
                experimentName, customFields);
    }

    public ViewSetup withClockOffset(long offsetMs) {
        return new ViewSetup(envKey, viewId, video, cdn, playerName, playerVersion, playerWidthPx, playerHeightPx,
                initialRendition, viewerUserId, muxViewerId, userAgent, countryCode, offsetMs, subPropertyId,
                pageType, experimentName, customFields);
    }

    public ViewSetup withCountry(String code) {
        return new ViewSetup(envKey, viewId, video, cdn, playerName, playerVersion, playerWidthPx, playerHeightPx,
                initialRendition, viewerUserId, muxViewerId, userAgent, code, clockOffsetMs, subPropertyId,
                pageType, experimentName, customFields);
    }

    /** The identity unique viewers count (metrics.md §3a.8). */
    public String viewerId() {
        return viewerUserId != null ? viewerUserId : muxViewerId;
    }

    /**
     * The value of every dimension this view states: those carried in beacon fields, plus {@code country} (from
     * the request header). Dimensions the server derives from the User-Agent are not included.
     */
    public Map<Dimension, String> dimensions() {
        EnumMap<Dimension, String> values = new EnumMap<>(Dimension.class);
        values.put(Dimension.VIDEO_ID, video.id());
        values.put(Dimension.VIDEO_TITLE, video.title());
        putIfSet(values, Dimension.VIDEO_SERIES, video.series());
        values.put(Dimension.STREAM_TYPE, video.streamType());
        putIfSet(values, Dimension.CDN, cdn);
        putIfSet(values, Dimension.PLAYER_NAME, playerName);
        putIfSet(values, Dimension.PLAYER_VERSION, playerVersion);
        values.put(Dimension.COUNTRY, countryCode);
        putIfSet(values, Dimension.VIEWER_USER_ID, viewerUserId);
        putIfSet(values, Dimension.SUB_PROPERTY_ID, subPropertyId);
        putIfSet(values, Dimension.PAGE_TYPE, pageType);
        putIfSet(values, Dimension.EXPERIMENT_NAME, experimentName);
        values.putAll(customFields);
        return values;
    }

    private static void putIfSet(Map<Dimension, String> values, Dimension dimension, String value) {
        if (value != null) {
            values.put(dimension, value);
        }
    }
}
