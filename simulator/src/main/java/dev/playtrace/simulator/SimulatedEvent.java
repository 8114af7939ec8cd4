package dev.playtrace.simulator;

import java.util.Map;

/**
 * One event of a view as the SDK reports it, for inspection: the same fields its JSON carries.
 *
 * @param serverTimeMs true (server-corrected) time of the event, what the server must store
 * @param viewerTimeMs the device clock value sent as {@code viewer_time}
 * @param fields every field beyond {@code event}, {@code view_id}, {@code view_sequence_number},
 *        {@code viewer_time} and {@code player_playhead_time}, in sending order (String, Long or Boolean values)
 */
public record SimulatedEvent(
        long sequenceNumber,
        String event,
        long serverTimeMs,
        long viewerTimeMs,
        long playheadMs,
        Map<String, Object> fields) {
}
