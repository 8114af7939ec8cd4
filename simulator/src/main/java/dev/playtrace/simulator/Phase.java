package dev.playtrace.simulator;

/**
 * The playback state the simulator decided a view is in between two of its events. This is the simulator's own
 * decision, made when it scripts the behaviour (a 120 ms stall is labelled {@link #PLAYING} because metrics.md
 * counts such blips as playing), and the truth is summed from these labels: no events are re-interpreted.
 */
enum Phase {
    /** Before the play request: not part of the view's watch time. */
    PRE_PLAY(false),
    /** Play requested, no first frame yet (startup). */
    STARTING(true),
    /** Frames advancing, including stalls shorter than 250 ms. */
    PLAYING(true),
    /** A connection-induced stall of at least 250 ms (including a slow resume after a pause). */
    REBUFFER(true),
    /** Seek buffering while playing: from {@code seeking} until {@code playing}. */
    SEEK(true),
    /** Seek buffering while paused: from {@code seeking} until {@code seeked}. */
    SEEK_PAUSED(false),
    PAUSED(false),
    /** After {@code ended}: excluded from watch time. */
    ENDED(false),
    /** After the first fatal error: watch time and play duration have stopped. */
    ERRORED(false);

    private final boolean heartbeats;

    Phase(boolean heartbeats) {
        this.heartbeats = heartbeats;
    }

    /** Whether the SDK sends {@code hb} every 10 s in this phase (it does while not paused). */
    boolean heartbeats() {
        return heartbeats;
    }
}
