package dev.playtrace.ingest.session;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How long the {@link Sessionizer} waits before closing a silent view, how long it keeps a closed view in memory, and
 * how many views it keeps in memory at most.
 *
 * @param inactivityTimeout a view with no event received (server time) for this long is closed as dropped (§3a.6)
 * @param closedViewRetention a closed view stays in memory this long after its last recompute, so late events are
 *        cheap; after that a late event reloads the view's history from the {@link EventSource}
 * @param maxViewsInMemory when a flush leaves more views than this in memory, the least recently active written ones
 *        are released early: closed ones are forgotten, open ones keep only what times them out, and their next
 *        event reloads their history from the {@link EventSource}
 */
public record SessionizerSettings(Duration inactivityTimeout, Duration closedViewRetention, int maxViewsInMemory) {
    /**
     * Measured with {@code SessionizerFootprint} (100,000 simulated views): a view held in full costs about 1,530 bytes
     * open and 1,810 bytes closed; a released open view about 180 bytes, a forgotten closed one nothing. A quarter of
     * a 1 GB heap holds about 148,000 full views; 100,000 leaves room for enrichment fields the simulator does not
     * send and for the unwritten events of dirty views.
     */
    public static final int DEFAULT_MAX_VIEWS_IN_MEMORY = 100_000;

    public static final SessionizerSettings DEFAULTS =
            new SessionizerSettings(Duration.ofSeconds(120), Duration.ofMinutes(10), DEFAULT_MAX_VIEWS_IN_MEMORY);

    public SessionizerSettings {
        requireNonNull(inactivityTimeout, "inactivityTimeout is null");
        requireNonNull(closedViewRetention, "closedViewRetention is null");
        if (inactivityTimeout.isNegative() || inactivityTimeout.isZero()) {
            throw new IllegalArgumentException("inactivityTimeout must be positive: " + inactivityTimeout);
        }
        if (closedViewRetention.isNegative()) {
            throw new IllegalArgumentException("closedViewRetention must not be negative: " + closedViewRetention);
        }
        if (maxViewsInMemory < 0) {
            throw new IllegalArgumentException("maxViewsInMemory must not be negative: " + maxViewsInMemory);
        }
    }

    public SessionizerSettings withInactivityTimeout(Duration timeout) {
        return new SessionizerSettings(timeout, closedViewRetention, maxViewsInMemory);
    }

    public SessionizerSettings withClosedViewRetention(Duration retention) {
        return new SessionizerSettings(inactivityTimeout, retention, maxViewsInMemory);
    }

    public SessionizerSettings withMaxViewsInMemory(int maxViews) {
        return new SessionizerSettings(inactivityTimeout, closedViewRetention, maxViews);
    }
}
