package dev.playtrace.simulator;

import dev.playtrace.model.EventName;

/**
 * One event of a scripted view with the simulator's decisions attached.
 *
 * @param atMs time since the view's {@code viewstart}, true (server) clock
 * @param phaseAfter the playback phase from this event until the next one
 * @param rendition index into {@link Rendition#LADDER} in effect from this event on
 * @param error the error reported, for {@code error} events
 * @param seekStart true on the {@code seeking} that starts a seek as metrics.md counts it (the second
 *        {@code seeking} of two within 2 s is not a new seek)
 */
record Step(EventName kind, long atMs, long playheadMs, Phase phaseAfter, int rendition, ErrorSpec error,
        boolean seekStart) {
}
