package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.BatchFailureKind;

import static java.util.Objects.requireNonNull;

/** Why a whole batch was refused, in words for the sender. */
public record BatchFailure(BatchFailureKind kind, String message) {
    public BatchFailure {
        requireNonNull(kind, "kind is null");
        requireNonNull(message, "message is null");
    }
}
