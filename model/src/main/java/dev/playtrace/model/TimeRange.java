package dev.playtrace.model;

/** A half-open time window {@code [fromMs, toMs)} in epoch milliseconds, UTC. */
public record TimeRange(long fromMs, long toMs) {
    public TimeRange {
        if (toMs < fromMs) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER,
                    "time range ends before it starts: " + fromMs + " > " + toMs);
        }
    }

    public long durationMs() {
        return toMs - fromMs;
    }

    public boolean contains(long timeMs) {
        return timeMs >= fromMs && timeMs < toMs;
    }
}
