package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.server.http.Json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Formats views and their events in the Mux Data API's video-view shapes. */
final class ViewJson {
    private ViewJson() {
    }

    /** A row of {@code GET /data/v1/video-views}. */
    static ObjectNode listItem(View view, long totalRowCount) {
        ObjectNode item = Json.object();
        item.put("id", view.viewId());
        item.put("viewer_os_family", view.dimensionValue(Dimension.OPERATING_SYSTEM));
        item.put("viewer_application_name", view.dimensionValue(Dimension.BROWSER));
        item.put("viewer_device_category", view.dimensionValue(Dimension.DEVICE_CATEGORY));
        item.put("video_title", view.dimensionValue(Dimension.VIDEO_TITLE));
        item.put("video_id", view.dimensionValue(Dimension.VIDEO_ID));
        item.put("total_row_count", totalRowCount);
        item.put("player_error_message", view.fatalError() == null ? null : view.fatalError().message());
        item.put("player_error_code", view.fatalError() == null ? null : view.fatalError().code());
        item.putNull("error_type_id");
        item.put("country_code", view.dimensionValue(Dimension.COUNTRY));
        item.put("view_start", iso(view.viewStartMs()));
        item.put("view_end", iso(view.viewEndMs()));
        putNumber(item, "viewer_experience_score", view.scores().viewerExperienceScore());
        item.put("watch_time", view.watchTimeMs());
        item.put("playback_failure", "true".equals(view.dimensionValue(Dimension.PLAYBACK_FAILURE)));
        item.put("view_dropped", view.dropped());
        return item;
    }

    /** How a beacon field is typed in the Mux client's {@code VideoViewResponse}: text, number or boolean, or null. */
    private enum FieldKind { TEXT, NUMBER, FLAG }

    private static final FieldKind TEXT = FieldKind.TEXT;
    private static final FieldKind NUMBER = FieldKind.NUMBER;
    private static final FieldKind FLAG = FieldKind.FLAG;

    /**
     * Every nullable field of the Mux client's {@code VideoViewResponse.Data} that a player can report: filled from the
     * view's beacon fields (the latest value each field had), converted to the declared type, null when the player
     * never sent it or it cannot be read as that type. Fields Playtrace computes are set after these.
     */
    private static final Map<String, FieldKind> BEACON_FIELDS = Map.ofEntries(
            Map.entry("ad_attempt_count", NUMBER), Map.entry("ad_break_count", NUMBER),
            Map.entry("ad_break_error_count", NUMBER), Map.entry("ad_break_error_percentage", TEXT),
            Map.entry("ad_error_count", NUMBER), Map.entry("ad_error_percentage", TEXT),
            Map.entry("ad_exit_before_start_count", NUMBER), Map.entry("ad_exit_before_start_percentage", TEXT),
            Map.entry("ad_impression_count", NUMBER), Map.entry("ad_playback_failure_error_type_id", NUMBER),
            Map.entry("ad_preroll_startup_time", NUMBER), Map.entry("ad_startup_error_count", NUMBER),
            Map.entry("ad_startup_error_percentage", TEXT), Map.entry("asn", NUMBER), Map.entry("asn_name", TEXT),
            Map.entry("asset_id", TEXT), Map.entry("audio_codec", TEXT), Map.entry("audio_codec_initial", TEXT),
            Map.entry("cdn", TEXT), Map.entry("city", TEXT), Map.entry("client_application_name", TEXT),
            Map.entry("client_application_version", TEXT), Map.entry("continent_code", TEXT),
            Map.entry("country_code", TEXT), Map.entry("country_name", TEXT), Map.entry("custom_1", TEXT),
            Map.entry("custom_10", TEXT), Map.entry("custom_2", TEXT), Map.entry("custom_3", TEXT),
            Map.entry("custom_4", TEXT), Map.entry("custom_5", TEXT), Map.entry("custom_6", TEXT),
            Map.entry("custom_7", TEXT), Map.entry("custom_8", TEXT), Map.entry("custom_9", TEXT),
            Map.entry("error_type_id", NUMBER), Map.entry("experiment_name", TEXT), Map.entry("isp", TEXT),
            Map.entry("latitude", TEXT), Map.entry("live_stream_id", TEXT), Map.entry("live_stream_latency", NUMBER),
            Map.entry("longitude", TEXT), Map.entry("metro", TEXT), Map.entry("mux_embed", TEXT),
            Map.entry("mux_embed_version", TEXT), Map.entry("page_load_time", NUMBER), Map.entry("page_type", TEXT),
            Map.entry("page_url", TEXT), Map.entry("platform_description", TEXT),
            Map.entry("platform_summary", TEXT), Map.entry("playback_business_exception_error_type_id", NUMBER),
            Map.entry("playback_failure_error_type_id", NUMBER), Map.entry("playback_id", TEXT),
            Map.entry("player_height", NUMBER), Map.entry("player_instance_id", TEXT),
            Map.entry("player_language", TEXT), Map.entry("player_load_time", NUMBER),
            Map.entry("player_mux_plugin_name", TEXT), Map.entry("player_mux_plugin_version", TEXT),
            Map.entry("player_name", TEXT), Map.entry("player_poster", TEXT),
            Map.entry("player_remote_played", FLAG), Map.entry("player_software", TEXT),
            Map.entry("player_software_version", TEXT), Map.entry("player_source_domain", TEXT),
            Map.entry("player_source_duration", NUMBER), Map.entry("player_source_height", NUMBER),
            Map.entry("player_source_host_name", TEXT), Map.entry("player_source_stream_type", TEXT),
            Map.entry("player_source_type", TEXT), Map.entry("player_source_url", TEXT),
            Map.entry("player_source_width", NUMBER), Map.entry("player_startup_time", NUMBER),
            Map.entry("player_version", TEXT), Map.entry("player_view_count", NUMBER),
            Map.entry("player_width", NUMBER), Map.entry("preroll_ad_asset_hostname", TEXT),
            Map.entry("preroll_ad_tag_hostname", TEXT), Map.entry("preroll_played", FLAG),
            Map.entry("preroll_requested", FLAG), Map.entry("region", TEXT),
            Map.entry("rendition_downshift_count", NUMBER), Map.entry("rendition_upshift_count", NUMBER),
            Map.entry("requests_for_first_preroll", NUMBER), Map.entry("sub_property_id", TEXT),
            Map.entry("video_affiliate", TEXT), Map.entry("video_brand", TEXT), Map.entry("video_codec", TEXT),
            Map.entry("video_codec_initial", TEXT), Map.entry("video_content_type", TEXT),
            Map.entry("video_creator_id", TEXT), Map.entry("video_duration", NUMBER),
            Map.entry("video_dynamic_range_type", TEXT), Map.entry("video_dynamic_range_type_initial", TEXT),
            Map.entry("video_encoding_variant", TEXT), Map.entry("video_id", TEXT),
            Map.entry("video_language", TEXT), Map.entry("video_producer", TEXT), Map.entry("video_series", TEXT),
            Map.entry("video_source_bitrate", NUMBER), Map.entry("video_source_bitrate_initial", NUMBER),
            Map.entry("video_source_fps", NUMBER), Map.entry("video_source_fps_initial", NUMBER),
            Map.entry("video_source_height", NUMBER), Map.entry("video_source_height_initial", NUMBER),
            Map.entry("video_source_width", NUMBER), Map.entry("video_source_width_initial", NUMBER),
            Map.entry("video_startup_business_exception_error_type_id", NUMBER),
            Map.entry("video_startup_preroll_load_time", NUMBER),
            Map.entry("video_startup_preroll_request_time", NUMBER), Map.entry("video_stream_type", TEXT),
            Map.entry("video_title", TEXT), Map.entry("video_variant_id", TEXT),
            Map.entry("video_variant_name", TEXT), Map.entry("view_average_request_latency", NUMBER),
            Map.entry("view_average_request_throughput", NUMBER), Map.entry("view_cdn_edge_pop", TEXT),
            Map.entry("view_cdn_origin", TEXT), Map.entry("view_content_startup_time", NUMBER),
            Map.entry("view_drm_level", TEXT), Map.entry("view_drm_type", TEXT),
            Map.entry("view_dropped_frame_count", NUMBER), Map.entry("view_error_id", NUMBER),
            Map.entry("view_max_downscale_percentage", TEXT), Map.entry("view_max_request_latency", NUMBER),
            Map.entry("view_session_id", TEXT), Map.entry("view_total_downscaling", TEXT),
            Map.entry("view_total_upscaling", TEXT), Map.entry("viewer_application_engine", TEXT),
            Map.entry("viewer_application_name", TEXT), Map.entry("viewer_application_version", TEXT),
            Map.entry("viewer_connection_type", TEXT), Map.entry("viewer_device_category", TEXT),
            Map.entry("viewer_device_manufacturer", TEXT), Map.entry("viewer_device_model", TEXT),
            Map.entry("viewer_device_name", TEXT), Map.entry("viewer_os_architecture", TEXT),
            Map.entry("viewer_os_family", TEXT), Map.entry("viewer_os_version", TEXT),
            Map.entry("viewer_plan", TEXT), Map.entry("viewer_plan_category", TEXT),
            Map.entry("viewer_plan_status", TEXT), Map.entry("viewer_user_agent", TEXT),
            Map.entry("viewer_user_id", TEXT));

    /** Booleans the Mux client declares non-null: the player's value, false when it sent none. */
    private static final List<String> BEACON_FLAGS = List.of("player_autoplay", "player_preload", "time_shift_enabled",
            "used_captions", "used_fullscreen", "used_pip", "view_has_ad", "long_rebuffering", "long_resume");

    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * {@code GET /data/v1/video-views/{id}}: every field the Mux client's {@code VideoViewResponse.Data} declares, with
     * the declared type (checked by {@code MuxNodeSdkDataApiTest}). Scores and ratios of a single view are decimal
     * strings there; scores are 0-100 and ratios percent, as everywhere in Playtrace (metrics.md). Choices:
     * <ul>
     *   <li>{@code property_id} is a number in Mux; Playtrace's project ids are strings. It is {@link #propertyNumber}
     *       of the project id (stable, a safe JavaScript integer); the project id itself is {@code environment_id}.</li>
     *   <li>{@code mux_viewer_id}: the SDK's anonymous viewer id, else the view's viewer id, else "".
     *       {@code session_id}: the player's session id, else the view id (a view with no session is its own).</li>
     *   <li>{@code inserted_at} is the view start, {@code updated_at} the view's latest event, {@code short_time} the
     *       view start as {@code yyyy-MM-dd HH:mm} UTC, {@code mux_api_version} the beacon's, else "playtrace".</li>
     *   <li>Playtrace does not classify errors into Mux's numeric error types: every {@code *_error_type_id} is null;
     *       ad fields are null (no ad events), {@code long_rebuffering} and {@code long_resume} false unless sent.</li>
     *   <li>An event without a playhead position has {@code playback_time} 0 (the client types it as a number).</li>
     * </ul>
     */
    static ObjectNode full(View view, List<PlayerEvent> events) {
        Map<String, Object> beacon = new HashMap<>();
        Long maxPlayheadMs = null;
        for (PlayerEvent event : events) {
            beacon.putAll(event.fields());
            if (event.playheadMs() != null) {
                maxPlayheadMs = maxPlayheadMs == null ? event.playheadMs() : Math.max(maxPlayheadMs, event.playheadMs());
            }
        }
        ObjectNode data = Json.object();
        data.put("id", view.viewId());
        data.put("view_id", view.viewId());
        new TreeMap<>(BEACON_FIELDS).forEach((name, kind) -> putBeaconField(data, name, kind, beacon.get(name)));
        for (String flag : BEACON_FLAGS) {
            data.put(flag, Boolean.TRUE.equals(beaconFlag(beacon.get(flag))));
        }
        for (Dimension dimension : Dimension.values()) {
            if (!dimension.isOutcomeFlag() && dimension.beaconField() != null && view.dimensionValue(dimension) != null) {
                data.put(dimension.beaconField(), view.dimensionValue(dimension));
            }
        }
        String cdn = view.dimensionValue(Dimension.CDN);
        if (cdn != null) {
            data.put("cdn", cdn);
        }
        ArrayNode cdnTrace = data.putArray("video_cdn_trace");
        if (cdn != null) {
            cdnTrace.add(cdn);
        }
        data.put("property_id", propertyNumber(view.projectId()));
        data.put("environment_id", view.projectId());
        data.put("viewer_id", view.viewerId());
        String muxViewerId = text(beacon.get("mux_viewer_id"));
        data.put("mux_viewer_id", muxViewerId != null ? muxViewerId : view.viewerId() != null ? view.viewerId() : "");
        String sessionId = text(beacon.get("session_id"));
        data.put("session_id", sessionId != null ? sessionId : view.viewId());
        String apiVersion = text(beacon.get("mux_api_version"));
        data.put("mux_api_version", apiVersion != null ? apiVersion : "playtrace");
        data.put("version", view.version());
        data.put("inserted_at", iso(view.viewStartMs()));
        data.put("updated_at", iso(view.lastEventAtMs()));
        data.put("short_time", SHORT_TIME.format(Instant.ofEpochMilli(view.viewStartMs())));
        data.put("view_start", iso(view.viewStartMs()));
        data.put("view_end", iso(view.viewEndMs()));
        data.put("play_requested_at", view.playRequestedAtMs() == null ? null : iso(view.playRequestedAtMs()));
        data.put("first_frame_at", view.firstFrameAtMs() == null ? null : iso(view.firstFrameAtMs()));
        putNumber(data, "time_to_first_frame", view.startupTimeMs());
        putNumber(data, "video_startup_time", view.startupTimeMs());
        data.put("watch_time", view.watchTimeMs());
        data.put("view_playing_time", Long.toString(view.playingTimeMs()));
        data.put("view_total_content_playback_time", view.playingTimeMs());
        data.put("view_max_playhead_position", maxPlayheadMs == null ? null : Long.toString(maxPlayheadMs));
        data.put("play_duration", view.playDurationMs());
        data.put("buffering_count", view.rebufferCount());
        data.put("buffering_duration", view.rebufferDurationMs());
        data.put("rebuffer_count", view.rebufferCount());
        data.put("rebuffer_duration", view.rebufferDurationMs());
        data.put("buffering_rate", decimal(view.rebufferFrequencyPerMinute()));
        data.put("rebuffer_percentage", decimal(view.rebufferPercentage()));
        data.put("view_seek_count", view.seekCount());
        data.put("view_seek_duration", view.seekBufferDurationMs());
        putNumber(data, "weighted_average_bitrate", view.avgBitrateBps());
        data.put("rendition_change_count", view.renditionChangeCount());
        data.put("view_average_upscale_percentage", decimal(view.upscalePct()));
        data.put("view_max_upscale_percentage", decimal(view.maxUpscalePct()));
        data.put("startup_score", decimal((view.scores().startupTimeScore())));
        data.put("rebuffering_score", decimal((view.scores().smoothnessScore())));
        data.put("quality_score", decimal((view.scores().videoQualityScore())));
        data.put("playback_score", decimal((view.scores().playbackSuccessScore())));
        data.put("viewer_experience_score", decimal((view.scores().viewerExperienceScore())));
        data.put("outcome", view.outcome().name().toLowerCase(Locale.ROOT));
        data.put("watched", view.isStarted());
        data.put("ended", view.ended());
        data.put("closed", view.closed());
        for (Dimension flag : List.of(Dimension.EXIT_BEFORE_VIDEO_START, Dimension.VIDEO_STARTUP_FAILURE,
                Dimension.VIDEO_STARTUP_BUSINESS_EXCEPTION, Dimension.PLAYBACK_FAILURE,
                Dimension.PLAYBACK_BUSINESS_EXCEPTION, Dimension.VIEW_DROPPED)) {
            data.put(flag.id(), "true".equals(view.dimensionValue(flag)));
        }
        data.put("player_error_code", view.fatalError() == null ? null : view.fatalError().code());
        data.put("player_error_message", view.fatalError() == null ? null : view.fatalError().message());
        data.put("error_count", view.errorCount());
        data.put("warning_count", view.warningCount());
        data.put("event_count", view.eventCount());
        ArrayNode eventArray = data.putArray("events");
        for (PlayerEvent event : events) {
            eventArray.add(event(event));
        }
        return data;
    }

    /** Mux's numeric {@code property_id} for a project: the first 48 bits of SHA-256(project id), stable everywhere. */
    static long propertyNumber(String projectId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(projectId.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 6; i++) {
                value = (value << 8) | (hash[i] & 0xFF);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void putBeaconField(ObjectNode data, String name, FieldKind kind, Object value) {
        switch (kind) {
            case TEXT -> data.put(name, text(value));
            case NUMBER -> {
                Double number = value instanceof Number n ? Double.valueOf(n.doubleValue()) : parseNumber(text(value));
                if (number == null || number.isNaN() || number.isInfinite()) {
                    data.putNull(name);
                } else if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                    data.put(name, number.longValue());
                } else {
                    data.put(name, number);
                }
            }
            case FLAG -> {
                Boolean flag = beaconFlag(value);
                if (flag == null) {
                    data.putNull(name);
                } else {
                    data.put(name, flag);
                }
            }
        }
    }

    private static Boolean beaconFlag(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = text(value);
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> null;
        };
    }

    private static Double parseNumber(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A beacon field's value (String, Long, Double or Boolean) as text; null for none. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static ObjectNode event(PlayerEvent event) {
        ObjectNode node = Json.object();
        node.put("name", event.name().wireName());
        node.put("event_time", event.eventTimeMs());
        node.put("viewer_time", event.viewerTimeMs());
        node.put("playback_time", event.playheadMs() == null ? 0L : event.playheadMs());
        node.put("sequence_number", event.sequenceNumber());
        ObjectNode details = node.putObject("details");
        for (Map.Entry<String, Object> field : event.fields().entrySet()) {
            details.set(field.getKey(), Json.MAPPER.valueToTree(field.getValue()));
        }
        return node;
    }

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static String decimal(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).toPlainString();
    }

    private static void putNumber(ObjectNode node, String name, Number value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof Double d) {
            node.put(name, d);
        } else {
            node.put(name, value.longValue());
        }
    }
}
