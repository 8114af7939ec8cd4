package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.FieldResult;
import dev.playtrace.ingest.decode.RejectReason;

import static java.util.Objects.requireNonNull;

/** What an {@link IngestStep} decided about one event: go on to the next step, or drop it with a typed reason. */
public sealed interface StepResult {
    StepResult CONTINUE = new Continue();

    record Continue() implements StepResult {
    }

    /**
     * @param field the field at fault, null when the event as a whole is
     * @param message safe to return to the client
     */
    record Dropped(RejectReason reason, String field, String message) implements StepResult {
        public Dropped {
            requireNonNull(reason, "reason is null");
            requireNonNull(message, "message is null");
        }
    }

    static StepResult dropped(RejectReason reason, String field, String message) {
        return new Dropped(reason, field, message);
    }

    static StepResult dropped(String field, FieldResult.Invalid<?> invalid) {
        return new Dropped(invalid.reason(), field, invalid.message());
    }
}
