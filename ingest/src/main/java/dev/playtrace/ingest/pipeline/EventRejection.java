package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.RejectReason;

import static java.util.Objects.requireNonNull;

/**
 * One rejected event of a batch.
 *
 * @param index the event's position in the body's {@code events} array (0-based)
 * @param field the long-form field at fault, or null when the event as a whole is (not an object, over the batch limit)
 * @param message what was wrong and what is expected; safe to return to the client
 * @param reason the counter label of the rejection
 */
public record EventRejection(int index, String field, String message, RejectReason reason) {
    public EventRejection {
        requireNonNull(message, "message is null");
        requireNonNull(reason, "reason is null");
    }
}
