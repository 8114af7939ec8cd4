package dev.playtrace.ingest.pipeline;

import dev.playtrace.model.PlayerEvent;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one beacon batch: the accepted events (each with the project its key resolved to), the rejected
 * events with their reasons, warnings, and, when nothing could be read or authenticated, the whole-batch failure.
 */
public final class BatchResult {
    private final List<PlayerEvent> events;
    private final List<EventRejection> rejections;
    private final int rejectedCount;
    private final List<String> warnings;
    private final BatchFailure failure;

    BatchResult(List<PlayerEvent> events, List<EventRejection> rejections, int rejectedCount, List<String> warnings,
            BatchFailure failure) {
        this.events = List.copyOf(requireNonNull(events, "events is null"));
        this.rejections = List.copyOf(requireNonNull(rejections, "rejections is null"));
        this.rejectedCount = rejectedCount;
        this.warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        this.failure = failure;
    }

    static BatchResult failed(BatchFailure failure, int rejectedCount) {
        return new BatchResult(List.of(), List.of(), rejectedCount, List.of(), requireNonNull(failure, "failure is null"));
    }

    /** The accepted events, in body order; empty when the batch failed. */
    public List<PlayerEvent> events() {
        return events;
    }

    public int accepted() {
        return events.size();
    }

    /**
     * Events not accepted. It can exceed {@code rejections().size()}: events over the batch limit are reported by one
     * rejection, and a failed batch lists none.
     */
    public int rejected() {
        return rejectedCount;
    }

    /** One entry per rejected event (one for all events over the batch limit), in body order. */
    public List<EventRejection> rejections() {
        return rejections;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** Present when the batch as a whole was refused; then nothing was accepted. */
    public Optional<BatchFailure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return "BatchResult[accepted=" + accepted() + ", rejected=" + rejectedCount + ", failure=" + failure
                + ", rejections=" + rejections + ", warnings=" + warnings + "]";
    }
}
