package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.BatchFailureKind;
import dev.playtrace.ingest.decode.RejectReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** {@link IngestCounters} kept in memory with {@link LongAdder}s, read by the server's metrics endpoint and by tests. */
public final class InMemoryIngestCounters implements IngestCounters {
    private final LongAdder batches = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final Map<BatchFailureKind, LongAdder> failed = new EnumMap<>(BatchFailureKind.class);

    public InMemoryIngestCounters() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
        for (BatchFailureKind kind : BatchFailureKind.values()) {
            failed.put(kind, new LongAdder());
        }
    }

    @Override
    public void batchReceived() {
        batches.increment();
    }

    @Override
    public void batchFailed(BatchFailureKind kind) {
        failed.get(kind).increment();
    }

    @Override
    public void eventsAccepted(int count) {
        accepted.add(count);
    }

    @Override
    public void eventsRejected(RejectReason reason, int count) {
        rejected.get(reason).add(count);
    }

    public long batches() {
        return batches.sum();
    }

    public long acceptedEvents() {
        return accepted.sum();
    }

    public long rejectedEvents(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long failedBatches(BatchFailureKind kind) {
        return failed.get(kind).sum();
    }

    /** Rejected events by {@link RejectReason#label()}, every reason present (0 when none). */
    public Map<String, Long> rejectedByLabel() {
        Map<String, Long> byLabel = new java.util.LinkedHashMap<>();
        rejected.forEach((reason, count) -> byLabel.put(reason.label(), count.sum()));
        return byLabel;
    }

    /** Failed batches by {@link BatchFailureKind#code()}, every kind present (0 when none). */
    public Map<String, Long> failedByCode() {
        Map<String, Long> byCode = new java.util.LinkedHashMap<>();
        failed.forEach((kind, count) -> byCode.put(kind.code(), count.sum()));
        return byCode;
    }
}
