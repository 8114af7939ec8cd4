package dev.playtrace.ingest.bus;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The bus takes no batch now: nothing of it was kept, and the sender should send it again after {@link #retryAfter()}
 * (a collector answers 503 with Retry-After and {@link #code()}).
 */
public class BusRefusedException extends RuntimeException {
    private final String code;
    private final Duration retryAfter;

    /** @param code why, as a short token for clients and metrics ({@code overloaded}, {@code not_a_collector}) */
    public BusRefusedException(String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
    }

    public String code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
