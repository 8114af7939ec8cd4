package dev.playtrace.ingest.decode;

import static java.util.Objects.requireNonNull;

/** The body could not be read as a beacon batch at all; the message is safe to show to the client. */
public final class BatchDecodeException extends Exception {
    private final BatchFailureKind kind;

    public BatchDecodeException(BatchFailureKind kind, String message) {
        super(message, null, false, false);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public BatchFailureKind kind() {
        return kind;
    }
}
