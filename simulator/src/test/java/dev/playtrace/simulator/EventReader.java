package dev.playtrace.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A test-only reading of a view's events per metrics.md §2/§3a, written independently of the simulator's phase
 * labels. It only has to cover the event vocabulary the simulator emits; agreeing with the simulator's truth for
 * thousands of random views shows the emitted events say what the truth claims.
 */
final class EventReader {
    long playRequestedAt = -1;
    long firstFrameAt = -1;
    long playing;
    long rebuffer;
    int rebufferCount;
    long seekBuffer;
    int seekCount;
    long starting;
    long watch;
    int renditionChanges;
    int fatalErrors;
    int warnings;
    long fatalAt = -1;
    boolean ended;
    double bitrateTime;

    private enum State { PRE, STARTING, PLAYING, STALL, SEEKING, PAUSED, PAUSED_SEEKING, DONE }

    static EventReader read(List<ParsedEvent> events) {
        EventReader reader = new EventReader();
        reader.run(events);
        return reader;
    }

    private void run(List<ParsedEvent> events) {
        State state = State.PRE;
        long since = events.get(0).timeMs();
        long stallStart = 0;
        long seekStart = 0;
        long bitrate = events.get(0).node().get("video_source_bitrate").asLong();
        long viewStart = events.get(0).timeMs();
        for (ParsedEvent event : events) {
            long t = event.timeMs();
            long span = t - since;
            // account the time since the previous event to the state it was in
            switch (state) {
                case STARTING -> starting += span;
                case PLAYING -> {
                    playing += span;
                    bitrateTime += (double) bitrate * span;
                }
                case STALL, SEEKING, PAUSED_SEEKING, PRE, PAUSED, DONE -> {
                }
            }
            since = t;
            if (state == State.DONE) {
                if ("error".equals(event.event()) && isFatal(event.node())) {
                    fatalErrors++;
                }
                continue;
            }
            switch (event.event()) {
                case "play" -> {
                    if (state == State.PRE) {
                        playRequestedAt = t;
                        state = State.STARTING;
                    } else if (state == State.PAUSED) {
                        state = State.STALL; // a resume play starts a stall until playing
                        stallStart = t;
                    }
                }
                case "playing" -> {
                    if (state == State.PRE) {
                        playRequestedAt = viewStart;
                        starting += t - viewStart;
                    }
                    if (state == State.STALL) {
                        long stall = t - stallStart;
                        if (stall >= 250) {
                            rebuffer += stall;
                            rebufferCount++;
                        } else {
                            playing += stall;
                            bitrateTime += (double) bitrate * stall;
                        }
                    }
                    if (state == State.SEEKING) {
                        seekBuffer += t - seekStart;
                    }
                    if (firstFrameAt < 0) {
                        firstFrameAt = t;
                    }
                    state = State.PLAYING;
                }
                case "waiting" -> {
                    if (state == State.PLAYING) {
                        state = State.STALL;
                        stallStart = t;
                    }
                }
                case "seeking" -> {
                    if (state == State.PLAYING) {
                        state = State.SEEKING;
                        seekStart = t;
                        seekCount++;
                    } else if (state == State.PAUSED) {
                        state = State.PAUSED_SEEKING;
                        seekStart = t;
                        seekCount++;
                    } // seeking again before playing resumed: the same seek (within 2 s by construction)
                }
                case "seeked" -> {
                    if (state == State.PAUSED_SEEKING) {
                        seekBuffer += t - seekStart;
                        state = State.PAUSED;
                    }
                }
                case "pause" -> state = State.PAUSED;
                case "renditionchange" -> {
                    renditionChanges++;
                    bitrate = event.node().get("video_source_bitrate").asLong();
                }
                case "ended" -> {
                    ended = true;
                    state = State.DONE;
                }
                case "error" -> {
                    if (isFatal(event.node())) {
                        fatalErrors++;
                        fatalAt = t;
                        state = State.DONE;
                    } else {
                        warnings++;
                    }
                }
                default -> {
                }
            }
        }
        watch = starting + playing + rebuffer + seekBuffer;
    }

    private static boolean isFatal(JsonNode node) {
        JsonNode severity = node.get("player_error_severity");
        return severity == null || "fatal".equals(severity.asText());
    }
}
