package dev.playtrace.ingest.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds beacon bodies for tests: a batch of events with sensible defaults that each test overrides. */
final class TestBeacons {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long RECEIVED_AT_MS = 1_795_390_040_000L;
    static final String KEY_A = "pk_project_a";
    static final String KEY_B = "pk_project_b";
    static final String PROJECT_A = "project-a";
    static final String PROJECT_B = "project-b";

    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final List<Object> events = new ArrayList<>();

    private TestBeacons() {
        // a device whose clock agrees with the server's
        metadata.put("transmission_timestamp", RECEIVED_AT_MS);
        metadata.put("env_key", KEY_A);
    }

    static TestBeacons batch() {
        return new TestBeacons();
    }

    /** A valid event: {@code event} name, view "view-1", the given sequence number, 1 s before receipt. */
    static Map<String, Object> event(String name, long sequenceNumber) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", name);
        event.put("view_id", "view-1");
        event.put("view_sequence_number", sequenceNumber);
        event.put("viewer_time", RECEIVED_AT_MS - 1000 + sequenceNumber);
        event.put("player_playhead_time", 0);
        return event;
    }

    static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        event.put(field, value);
        return event;
    }

    static Map<String, Object> without(Map<String, Object> event, String field) {
        event.remove(field);
        return event;
    }

    TestBeacons metadata(String key, Object value) {
        if (value == null) {
            metadata.remove(key);
        }
        else {
            metadata.put(key, value);
        }
        return this;
    }

    TestBeacons add(Object event) {
        events.add(event);
        return this;
    }

    byte[] body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metadata", metadata);
        body.put("events", events);
        try {
            return JSON.writeValueAsBytes(body);
        }
        catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static BeaconContext context() {
        return new BeaconContext(RECEIVED_AT_MS, null, "203.0.113.9", null);
    }

    static IngestKeyResolver twoProjects() {
        return key -> switch (key) {
            case KEY_A -> java.util.Optional.of(PROJECT_A);
            case KEY_B -> java.util.Optional.of(PROJECT_B);
            default -> java.util.Optional.empty();
        };
    }
}
