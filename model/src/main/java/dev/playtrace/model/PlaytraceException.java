package dev.playtrace.model;

import static java.util.Objects.requireNonNull;

/** An error with a category, raised anywhere below the HTTP layer; its message is safe to show to the client. */
public class PlaytraceException extends RuntimeException {
    private final ErrorCode code;

    public PlaytraceException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public PlaytraceException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
