package dev.playtrace.ingest.session;

import dev.playtrace.model.BeaconFields;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fluent builder of one view's event sequence for tests: {@code view("v1").at(0).play().at(1200).playing()}.
 * Sequence numbers count up from 1 in call order; times are ms after {@link #T0}; each event is received at its own
 * time unless told otherwise.
 */
final class EventScript {
    static final long T0 = 1_700_000_000_000L;
    static final String PROJECT = "project-1";

    private final String viewId;
    private final List<PlayerEvent> events = new ArrayList<>();
    private long atMs = T0;
    private long nextSequenceNumber = 1;

    private EventScript(String viewId) {
        this.viewId = viewId;
    }

    static EventScript view(String viewId) {
        return new EventScript(viewId);
    }

    /** Moves the clock of the following events to {@code offsetMs} after T0. */
    EventScript at(long offsetMs) {
        atMs = T0 + offsetMs;
        return this;
    }

    EventScript viewstart() {
        return event(EventName.VIEWSTART);
    }

    EventScript viewend() {
        return event(EventName.VIEWEND);
    }

    EventScript play() {
        return event(EventName.PLAY);
    }

    EventScript playing() {
        return event(EventName.PLAYING);
    }

    EventScript pause() {
        return event(EventName.PAUSE);
    }

    EventScript seeking() {
        return event(EventName.SEEKING);
    }

    EventScript seeked() {
        return event(EventName.SEEKED);
    }

    EventScript waiting() {
        return event(EventName.WAITING);
    }

    EventScript ended() {
        return event(EventName.ENDED);
    }

    EventScript heartbeat() {
        return event(EventName.HEARTBEAT);
    }

    /** mux-embed's late stall signal: sent now, but stamped with the time the stall began. */
    EventScript rebufferstartStampedAt(long offsetMs) {
        return event(EventName.REBUFFERSTART, T0 + offsetMs);
    }

    EventScript rebufferendStampedAt(long offsetMs) {
        return event(EventName.REBUFFEREND, T0 + offsetMs);
    }

    EventScript renditionchange(long bitrateBps, long sourceWidth, long sourceHeight) {
        return event(EventName.RENDITIONCHANGE)
                .with(BeaconFields.VIDEO_SOURCE_BITRATE, bitrateBps)
                .with(BeaconFields.VIDEO_SOURCE_WIDTH, sourceWidth)
                .with(BeaconFields.VIDEO_SOURCE_HEIGHT, sourceHeight);
    }

    /** An error without a severity: fatal by default. */
    EventScript fatalError(String code, String message) {
        return event(EventName.ERROR)
                .with(BeaconFields.PLAYER_ERROR_CODE, code)
                .with(BeaconFields.PLAYER_ERROR_MESSAGE, message);
    }

    EventScript businessExceptionError(String code, String message) {
        return fatalError(code, message).with(BeaconFields.PLAYER_ERROR_BUSINESS_EXCEPTION, true);
    }

    EventScript warning(String code) {
        return event(EventName.ERROR)
                .with(BeaconFields.PLAYER_ERROR_CODE, code)
                .with(BeaconFields.PLAYER_ERROR_SEVERITY, "warning");
    }

    EventScript event(EventName name) {
        return event(name, atMs);
    }

    /** Adds a field to the last event. */
    EventScript with(String field, Object value) {
        PlayerEvent last = events.removeLast();
        Map<String, Object> fields = new HashMap<>(last.fields());
        fields.put(field, value);
        events.add(new PlayerEvent(last.projectId(), last.viewId(), last.sequenceNumber(), last.name(),
                last.eventTimeMs(), last.viewerTimeMs(), last.playheadMs(), last.receivedAtMs(), fields));
        return this;
    }

    List<PlayerEvent> events() {
        return List.copyOf(events);
    }

    /** The events, all received at {@code offsetMs} after T0. */
    List<PlayerEvent> receivedAt(long offsetMs) {
        return receivedAt(events, T0 + offsetMs);
    }

    static List<PlayerEvent> receivedAt(List<PlayerEvent> events, long receivedAtMs) {
        return events.stream()
                .map(event -> new PlayerEvent(event.projectId(), event.viewId(), event.sequenceNumber(), event.name(),
                        event.eventTimeMs(), event.viewerTimeMs(), event.playheadMs(), receivedAtMs, event.fields()))
                .toList();
    }

    private EventScript event(EventName name, long eventTimeMs) {
        events.add(new PlayerEvent(PROJECT, viewId, nextSequenceNumber++, name, eventTimeMs, eventTimeMs, null,
                eventTimeMs, Map.of()));
        return this;
    }
}
