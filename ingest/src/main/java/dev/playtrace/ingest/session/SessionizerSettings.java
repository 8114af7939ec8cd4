package dev.playtrace.ingest.session;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How long the {@link Sessionizer} waits before closing a silent view, and how long it keeps a closed view in memory.
 *
 * @param inactivityTimeout a view with no event received (server time) for this long is closed as dropped (§3a.6)
 * @param closedViewRetention a closed view stays in memory this long after its last recompute, so late events are
 *        cheap; after that a late event reloads the view's history from the {@link EventSource}
 */
public record SessionizerSettings(Duration inactivityTimeout, Duration closedViewRetention) {
    public static final SessionizerSettings DEFAULTS =
            new SessionizerSettings(Duration.ofSeconds(120), Duration.ofMinutes(10));

    public SessionizerSettings {
        requireNonNull(inactivityTimeout, "inactivityTimeout is null");
        requireNonNull(closedViewRetention, "closedViewRetention is null");
        if (inactivityTimeout.isNegative() || inactivityTimeout.isZero()) {
            throw new IllegalArgumentException("inactivityTimeout must be positive: " + inactivityTimeout);
        }
        if (closedViewRetention.isNegative()) {
            throw new IllegalArgumentException("closedViewRetention must not be negative: " + closedViewRetention);
        }
    }

    public SessionizerSettings withInactivityTimeout(Duration timeout) {
        return new SessionizerSettings(timeout, closedViewRetention);
    }

    public SessionizerSettings withClosedViewRetention(Duration retention) {
        return new SessionizerSettings(inactivityTimeout, retention);
    }
}
