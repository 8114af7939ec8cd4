package dev.playtrace.ingest.bus;

import java.time.Duration;

/** The bus holds as much unstored work as it may: the batch was not taken, the sender should retry later. */
public final class BusOverloadedException extends BusRefusedException {
    public BusOverloadedException(String message, Duration retryAfter) {
        super("overloaded", message, retryAfter);
    }
}
