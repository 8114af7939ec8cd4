package dev.playtrace.ingest.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * One named step of the {@link IngestPipeline}: reads and fills the {@link EventDraft}, and either lets the event go on
 * or drops it with a reason. Steps hold no per-request state; the batch-wide state is in the {@link BatchScope}.
 */
public interface IngestStep {
    /** A short snake_case name, for logs and tests. */
    String name();

    StepResult apply(EventDraft event, BatchScope batch);

    /** A step from a name and a function. */
    static IngestStep of(String name, Body body) {
        requireNonNull(name, "name is null");
        requireNonNull(body, "body is null");
        return new IngestStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public StepResult apply(EventDraft event, BatchScope batch) {
                return body.apply(event, batch);
            }

            @Override
            public String toString() {
                return "IngestStep[" + name + "]";
            }
        };
    }

    @FunctionalInterface
    interface Body {
        StepResult apply(EventDraft event, BatchScope batch);
    }
}
