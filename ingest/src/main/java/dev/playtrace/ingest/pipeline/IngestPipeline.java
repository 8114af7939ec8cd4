package dev.playtrace.ingest.pipeline;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The ordered, named steps every event of a batch goes through (after the batch is decoded); the first step that
 * drops an event decides its rejection. {@link #standard()} is the protocol's pipeline:
 *
 * <ol>
 *   <li>{@code check_shape}: the event is an object within the field limits</li>
 *   <li>{@code resolve_project}: {@code env_key} (event, else metadata) belongs to a project</li>
 *   <li>{@code read_identity}: {@code event}, {@code view_id}, {@code view_sequence_number}</li>
 *   <li>{@code correct_clock}: {@code viewer_time}, corrected by the batch's clock offset, within the time window</li>
 *   <li>{@code read_playhead}: {@code player_playhead_time}</li>
 *   <li>{@code check_fields}: every other field, in body order: known ones type-checked and normalised, unknown ones kept</li>
 *   <li>{@code enrich}: browser, OS, device and country of the batch added</li>
 * </ol>
 */
public record IngestPipeline(List<IngestStep> steps) {

    public IngestPipeline {
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
    }

    public static IngestPipeline standard() {
        return new IngestPipeline(StandardSteps.ALL);
    }

    /** Runs the steps in order; returns the first {@link StepResult.Dropped}, else {@link StepResult#CONTINUE}. */
    public StepResult run(EventDraft event, BatchScope batch) {
        for (IngestStep step : steps) {
            StepResult result = step.apply(event, batch);
            if (result instanceof StepResult.Dropped) {
                return result;
            }
        }
        return StepResult.CONTINUE;
    }

    public List<String> stepNames() {
        return steps.stream().map(IngestStep::name).toList();
    }
}
