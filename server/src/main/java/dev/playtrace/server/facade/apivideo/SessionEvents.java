package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.server.http.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a view's player events to api.video session events: the first {@code viewinit}/{@code playerready}/
 * {@code viewstart} → {@code ready}; {@code play} → {@code play}, or {@code resume} after a {@code pause};
 * {@code pause} → {@code pause}; {@code seeking} … {@code seeked} → {@code seek.forward} or {@code seek.backward}
 * by the playhead ({@code from} at seeking, {@code to} at seeked, stamped at seeking); {@code ended} → {@code end}.
 * {@code at}, {@code from} and {@code to} are whole seconds of playhead (the last known one when an event has none).
 */
final class SessionEvents {
    private SessionEvents() {
    }

    static List<ObjectNode> map(List<PlayerEvent> events) {
        List<ObjectNode> mapped = new ArrayList<>();
        boolean ready = false;
        boolean playing = false;
        boolean paused = false;
        long playheadMs = 0;
        PlayerEvent seekStart = null;
        long seekFromMs = 0;
        for (PlayerEvent event : events) {
            if (event.playheadMs() != null) {
                playheadMs = event.playheadMs();
            }
            switch (event.name()) {
                case VIEWINIT, PLAYERREADY, VIEWSTART -> {
                    if (!ready) {
                        ready = true;
                        mapped.add(at("ready", event, playheadMs));
                    }
                }
                case PLAY -> {
                    if (paused) {
                        mapped.add(at("resume", event, playheadMs));
                    } else if (!playing) {
                        mapped.add(at("play", event, playheadMs));
                    }
                    playing = true;
                    paused = false;
                }
                case PAUSE -> {
                    if (playing && !paused) {
                        mapped.add(at("pause", event, playheadMs));
                        paused = true;
                    }
                }
                case SEEKING -> {
                    if (seekStart == null) {
                        seekStart = event;
                        seekFromMs = playheadMs;
                    }
                }
                case SEEKED -> {
                    if (seekStart != null) {
                        ObjectNode seek = Json.object();
                        seek.put("type", playheadMs < seekFromMs ? "seek.backward" : "seek.forward");
                        seek.put("emittedAt", SessionsApi.dateTime(seekStart.eventTimeMs()));
                        seek.put("from", seekFromMs / 1000);
                        seek.put("to", playheadMs / 1000);
                        mapped.add(seek);
                        seekStart = null;
                    }
                }
                case ENDED -> {
                    mapped.add(at("end", event, playheadMs));
                    playing = false;
                    paused = false;
                }
                default -> {
                    // no api.video counterpart
                }
            }
        }
        return mapped;
    }

    private static ObjectNode at(String type, PlayerEvent event, long playheadMs) {
        ObjectNode item = Json.object();
        item.put("type", type);
        item.put("emittedAt", SessionsApi.dateTime(event.eventTimeMs()));
        item.put("at", playheadMs / 1000);
        return item;
    }
}
