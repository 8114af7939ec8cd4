package dev.playtrace.ingest.pipeline;

import dev.playtrace.model.PlayerEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one beacon batch: the accepted events (each with the project its key resolved to), the rejected
 * events with their reasons, warnings, and, when nothing could be read or authenticated, the whole-batch failure.
 * {@link #httpStatus()} and {@link #responseBody()} are what the collector returns (beacon-protocol.md, "Responses").
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

    /**
     * 200 when at least one event was accepted or nothing was refused (a batch of reports that record nothing);
     * the failure's status (400, 401) when the batch failed; else 400.
     */
    public int httpStatus() {
        if (failure != null) {
            return failure.kind().httpStatus();
        }
        return events.isEmpty() && rejectedCount > 0 ? 400 : 200;
    }

    /**
     * The response body as plain maps and lists, ready for any JSON writer:
     * {@code {"accepted": n, "rejected": m, "errors": [{"index", "field", "message"}], "warnings": [...]}}, plus
     * {@code "error": {"code", "message"}} when the batch failed.
     */
    public Map<String, Object> responseBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", accepted());
        body.put("rejected", rejectedCount);
        if (failure != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", failure.kind().code());
            error.put("message", failure.message());
            body.put("error", error);
        }
        List<Map<String, Object>> errors = new ArrayList<>(rejections.size());
        for (EventRejection rejection : rejections) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", rejection.index());
            entry.put("field", rejection.field());
            entry.put("message", rejection.message());
            errors.add(entry);
        }
        body.put("errors", errors);
        body.put("warnings", warnings);
        return body;
    }

    @Override
    public String toString() {
        return "BatchResult[accepted=" + accepted() + ", rejected=" + rejectedCount + ", failure=" + failure
                + ", rejections=" + rejections + ", warnings=" + warnings + "]";
    }
}
