package dev.playtrace.simulator;

import static java.util.Objects.requireNonNull;

/**
 * An injected incident: views through {@code cdn} from {@code countryCode} whose play request falls in
 * {@code [fromMs, toMs)} fail to start with {@code startupFailureShare} instead of the configured share (for
 * example a CDN whose startup failures jump from 2 % to 20 % in one country for 10 minutes). The alerting tests use
 * it to check that an incident opens, names the cause and resolves.
 */
public record StartupFailureFault(String cdn, String countryCode, long fromMs, long toMs, double startupFailureShare) {
    public StartupFailureFault {
        requireNonNull(cdn, "cdn is null");
        requireNonNull(countryCode, "countryCode is null");
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("the fault ends before it starts");
        }
        if (!(startupFailureShare >= 0 && startupFailureShare <= 1)) {
            throw new IllegalArgumentException("startupFailureShare must be within [0, 1]");
        }
    }

    /** Whether a view of this setup, starting at {@code viewStartMs}, is hit. */
    public boolean hits(ViewSetup setup, long viewStartMs) {
        return cdn.equals(setup.cdn()) && countryCode.equals(setup.countryCode()) && viewStartMs >= fromMs
                && viewStartMs < toMs;
    }
}
