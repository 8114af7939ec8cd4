package dev.playtrace.server.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.Json;

import java.util.Map;

/**
 * Writes beacon batches of the native protocol for tests: {@code events(view).at(0, "play").at(800, "playing")}.
 * Times are offsets in ms from the builder's base time, in the device clock.
 */
public final class BeaconBuilder {
    private final String envKey;
    private final long baseMs;
    private final ArrayNode events = Json.array();
    private Long transmissionTimestamp;
    private String viewId;
    private int sequence;

    public BeaconBuilder(String envKey, long baseMs) {
        this.envKey = envKey;
        this.baseMs = baseMs;
    }

    /** Following events belong to this view; sequence numbers continue per builder. */
    public BeaconBuilder view(String viewId) {
        this.viewId = viewId;
        this.sequence = 0;
        return this;
    }

    public BeaconBuilder sentAt(long offsetMs) {
        this.transmissionTimestamp = baseMs + offsetMs;
        return this;
    }

    public BeaconBuilder at(long offsetMs, String event) {
        return at(offsetMs, event, Map.of());
    }

    public BeaconBuilder at(long offsetMs, String event, Map<String, Object> fields) {
        return event(++sequence, offsetMs, event, fields);
    }

    /** An event with an explicit sequence number (to build out-of-order or duplicated deliveries). */
    public BeaconBuilder event(int sequenceNumber, long offsetMs, String event, Map<String, Object> fields) {
        ObjectNode node = events.addObject();
        node.put("event", event);
        node.put("view_id", viewId);
        node.put("view_sequence_number", sequenceNumber);
        node.put("viewer_time", baseMs + offsetMs);
        fields.forEach((key, value) -> node.set(key, Json.MAPPER.valueToTree(value)));
        sequence = Math.max(sequence, sequenceNumber);
        return this;
    }

    public String build() {
        ObjectNode body = Json.object();
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("env_key", envKey);
        if (transmissionTimestamp != null) {
            metadata.put("transmission_timestamp", transmissionTimestamp);
        }
        body.set("events", events);
        return body.toString();
    }
}
