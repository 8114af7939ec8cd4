package dev.playtrace.model;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One validated, enriched player event, ready for the sessionizer and for the event log.
 *
 * @param eventTimeMs this event's beacon's estimate of its UTC time: {@code viewer_time + (received_at - beacon_sent_at)};
 *        views use one offset per view instead, the smallest of their events' {@code eventTimeMs - viewerTimeMs}
 * @param playheadMs the player's playhead position, null when the event did not carry one
 * @param fields every other long-form field the event carried (only what changed, after the first event of a
 *        view), plus enrichment results; keys are long-form beacon names, values are String, Long, Double or Boolean
 */
public record PlayerEvent(
        String projectId,
        String viewId,
        long sequenceNumber,
        EventName name,
        long eventTimeMs,
        long viewerTimeMs,
        Long playheadMs,
        long receivedAtMs,
        Map<String, Object> fields) {

    public PlayerEvent {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(viewId, "viewId is null");
        requireNonNull(name, "name is null");
        fields = Map.copyOf(requireNonNull(fields, "fields is null"));
    }

    public String stringField(String key) {
        Object value = fields.get(key);
        return value == null ? null : value.toString();
    }
}
