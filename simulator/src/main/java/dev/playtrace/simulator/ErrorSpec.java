package dev.playtrace.simulator;

import static java.util.Objects.requireNonNull;

/** A player error as the SDK reports it ({@code player_error_*} fields). */
public record ErrorSpec(String code, String message, boolean fatal, boolean businessException) {
    public ErrorSpec {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        if (businessException && !fatal) {
            throw new IllegalArgumentException("a business exception is a fatal error");
        }
    }

    /** The {@code player_error_severity} value. */
    public String severity() {
        return fatal ? "fatal" : "warning";
    }
}
