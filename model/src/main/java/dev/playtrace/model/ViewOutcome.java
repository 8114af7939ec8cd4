package dev.playtrace.model;

/** How a view's play attempt turned out (metrics.md §2). */
public enum ViewOutcome {
    /** No play request yet (only player or view lifecycle events): not an attempt. */
    NO_PLAY_REQUEST,
    /** Open view still starting: an attempt, but none of started / VSF / EBVS yet. */
    STARTING,
    /** The first frame was shown (a "play"). */
    STARTED,
    /** Video startup failure: a fatal error before the first frame. */
    VIDEO_STARTUP_FAILURE,
    /** Exit before video start: closed with no first frame and no fatal error. */
    EXIT_BEFORE_VIDEO_START
}
