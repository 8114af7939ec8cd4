package dev.playtrace.ingest.bus;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** The bus holds as much unstored work as it may: the batch was not taken, the sender should retry later. */
public final class BusOverloadedException extends RuntimeException {
    private final Duration retryAfter;

    public BusOverloadedException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
