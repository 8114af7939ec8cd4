package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.RawEvent;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;

import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One event on its way through the {@link IngestPipeline}: the raw fields as decoded, and what the steps have read so
 * far. Mutable and confined to the request's thread.
 */
public final class EventDraft {
    private final RawEvent raw;
    private final Map<String, Object> fields = new HashMap<>();

    String projectId;
    EventName name;
    String viewId;
    long sequenceNumber;
    long viewerTimeMs;
    long eventTimeMs;
    Long playheadMs;

    EventDraft(RawEvent raw) {
        this.raw = requireNonNull(raw, "raw is null");
    }

    public int index() {
        return raw.index();
    }

    public RawEvent raw() {
        return raw;
    }

    /** A raw field as decoded (String, Long, Double, BigInteger, Boolean or NestedValue), null when absent. */
    public Object rawField(String field) {
        return raw.fields() == null ? null : raw.fields().get(field);
    }

    /** The validated fields that become {@link PlayerEvent#fields()}; steps add to it. */
    public Map<String, Object> fields() {
        return fields;
    }

    public String projectId() {
        return projectId;
    }

    PlayerEvent toPlayerEvent(long receivedAtMs) {
        return new PlayerEvent(projectId, viewId, sequenceNumber, name, eventTimeMs, viewerTimeMs, playheadMs,
                receivedAtMs, fields);
    }
}
