package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.server.http.Json;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /**
     * {@code GET /data/v1/video-views/{id}}. Mux's client types the scores and ratios of a single view as decimal
     * strings; scores are 0-100 and ratios percent, as everywhere in Playtrace (metrics.md).
     */
    static ObjectNode full(View view, List<PlayerEvent> events) {
        ObjectNode data = Json.object();
        data.put("id", view.viewId());
        data.put("view_id", view.viewId());
        data.put("property_id", view.projectId());
        data.put("environment_id", view.projectId());
        data.put("viewer_id", view.viewerId());
        data.put("version", view.version());
        data.put("view_start", iso(view.viewStartMs()));
        data.put("view_end", iso(view.viewEndMs()));
        data.put("play_requested_at", view.playRequestedAtMs() == null ? null : iso(view.playRequestedAtMs()));
        data.put("first_frame_at", view.firstFrameAtMs() == null ? null : iso(view.firstFrameAtMs()));
        putNumber(data, "time_to_first_frame", view.startupTimeMs());
        putNumber(data, "video_startup_time", view.startupTimeMs());
        data.put("watch_time", view.watchTimeMs());
        data.put("view_playing_time", Long.toString(view.playingTimeMs()));
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
        data.put("outcome", view.outcome().name().toLowerCase(java.util.Locale.ROOT));
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
        for (Dimension dimension : Dimension.values()) {
            if (!dimension.isOutcomeFlag() && dimension.beaconField() != null) {
                data.put(dimension.beaconField(), view.dimensionValue(dimension));
            }
        }
        data.put("event_count", view.eventCount());
        ArrayNode eventArray = data.putArray("events");
        for (PlayerEvent event : events) {
            eventArray.add(event(event));
        }
        return data;
    }

    private static ObjectNode event(PlayerEvent event) {
        ObjectNode node = Json.object();
        node.put("name", event.name().wireName());
        node.put("event_time", event.eventTimeMs());
        node.put("viewer_time", event.viewerTimeMs());
        putNumber(node, "playback_time", event.playheadMs());
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
