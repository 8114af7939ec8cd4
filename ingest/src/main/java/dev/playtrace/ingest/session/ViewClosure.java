package dev.playtrace.ingest.session;

/**
 * Whether the server closed a view for inactivity. A {@code viewend} among the view's events, or a stall reaching
 * 300 s, closes the view whatever this says.
 */
public enum ViewClosure {
    /** Events may still come. */
    OPEN,
    /** No event arrived for the inactivity timeout (metrics.md §3a.6): the view is closed and, without a viewend, dropped. */
    TIMED_OUT
}
