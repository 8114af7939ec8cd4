package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.BatchFailureKind;
import dev.playtrace.ingest.decode.RejectReason;

/**
 * Receives the ingest counts, so the server can export them (e.g. Prometheus
 * {@code playtrace_ingest_events_rejected_total{reason="<RejectReason.label()>"}}). Called on the request thread:
 * implementations must be thread-safe and cheap. {@link InMemoryIngestCounters} is a ready one.
 */
public interface IngestCounters {
    IngestCounters NONE = new IngestCounters() {
        @Override
        public void batchReceived() {
        }

        @Override
        public void batchFailed(BatchFailureKind kind) {
        }

        @Override
        public void eventsAccepted(int count) {
        }

        @Override
        public void eventsRejected(RejectReason reason, int count) {
        }
    };

    /** Every call of {@code ingest}, failed or not. */
    void batchReceived();

    /** A batch refused as a whole (label: {@link BatchFailureKind#code()}). */
    void batchFailed(BatchFailureKind kind);

    void eventsAccepted(int count);

    /** Events rejected for one reason (label: {@link RejectReason#label()}); count ≥ 1. */
    void eventsRejected(RejectReason reason, int count);
}
