package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.BatchDecodeException;
import dev.playtrace.ingest.decode.BatchFailureKind;
import dev.playtrace.ingest.decode.BeaconDecoder;
import dev.playtrace.ingest.decode.BeaconLimits;
import dev.playtrace.ingest.decode.DecodedBatch;
import dev.playtrace.ingest.decode.RawEvent;
import dev.playtrace.ingest.decode.RejectReason;
import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.model.PlayerEvent;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Turns one {@code POST /v1/beacons} body into validated, enriched {@link PlayerEvent}s of the projects their ingest
 * keys belong to: decode, then the {@link IngestPipeline} per event, then one {@link BatchResult}. Knows no HTTP
 * framework; thread-safe, one instance per process.
 */
public final class BeaconIngestor {
    /** Distinct unknown field names listed in the warnings of one batch; more are summed up in one line. */
    static final int MAX_UNKNOWN_FIELD_WARNINGS = 20;

    private final IngestKeyResolver keys;
    private final BatchEnricher enricher;
    private final IngestCounters counters;
    private final BeaconLimits limits;
    private final IngestPipeline pipeline;
    private final BeaconDecoder decoder;

    public BeaconIngestor(IngestKeyResolver keys, BatchEnricher enricher, IngestCounters counters, BeaconLimits limits,
            IngestPipeline pipeline) {
        this.keys = requireNonNull(keys, "keys is null");
        this.enricher = requireNonNull(enricher, "enricher is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.decoder = new BeaconDecoder(limits);
    }

    /** The standard pipeline with the protocol's limits. */
    public BeaconIngestor(IngestKeyResolver keys, BatchEnricher enricher, IngestCounters counters) {
        this(keys, enricher, counters, BeaconLimits.DEFAULT, IngestPipeline.standard());
    }

    /**
     * Reads one batch. Never throws for anything in the body; an exception from the {@link IngestKeyResolver} (a store
     * outage) propagates, and the HTTP layer answers 5xx so the SDK retries.
     *
     * @param jsonBody the request body, already decompressed and size-limited by the HTTP layer
     */
    public BatchResult ingest(byte[] jsonBody, BeaconContext context) {
        return ingest(jsonBody, decoder::decode, context);
    }

    /**
     * Reads one batch in another wire format (CMCD reports, ...) that {@code reader} turns into long-form events;
     * the rest is as {@link #ingest(byte[], BeaconContext)}.
     */
    public BatchResult ingest(byte[] body, BatchReader reader, BeaconContext context) {
        requireNonNull(body, "body is null");
        requireNonNull(reader, "reader is null");
        requireNonNull(context, "context is null");
        counters.batchReceived();
        DecodedBatch batch;
        try {
            batch = reader.read(body);
        }
        catch (BatchDecodeException e) {
            counters.batchFailed(e.kind());
            return BatchResult.failed(new BatchFailure(e.kind(), e.getMessage()), 0);
        }

        BatchScope scope = new BatchScope(context, batch.metadata(), limits, keys, enricher);
        List<PlayerEvent> accepted = new ArrayList<>(batch.events().size());
        List<EventRejection> rejections = new ArrayList<>();
        for (RawEvent raw : batch.events()) {
            EventDraft draft = new EventDraft(raw);
            StepResult result = pipeline.run(draft, scope);
            if (result instanceof StepResult.Dropped dropped) {
                rejections.add(new EventRejection(raw.index(), dropped.field(), dropped.message(), dropped.reason()));
            }
            else {
                accepted.add(draft.toPlayerEvent(context.receivedAtMs()));
            }
        }
        int overLimit = batch.eventsOverLimit();
        if (overLimit > 0) {
            rejections.add(new EventRejection(limits.maxEventsPerBatch(), null, "the batch has " + batch.totalEvents()
                    + " events and at most " + limits.maxEventsPerBatch() + " are read: events "
                    + limits.maxEventsPerBatch() + " to " + (batch.totalEvents() - 1)
                    + " were not read; send them in another batch", RejectReason.OVER_BATCH_LIMIT));
        }
        int rejectedCount = rejections.size() - (overLimit > 0 ? 1 : 0) + overLimit;
        countRejections(rejections, overLimit);

        if (batch.events().isEmpty() && batch.metadata().envKey() != null) {
            // a batch of reports that record nothing (CMCD's preloading state) is no mistake: its key is still checked
            scope.projectIdFor(batch.metadata().envKey());
        }
        if (!scope.anyProjectResolved()) {
            // without a known key nothing about the events is the caller's business: no per-event details
            counters.batchFailed(BatchFailureKind.UNKNOWN_INGEST_KEY);
            return BatchResult.failed(new BatchFailure(BatchFailureKind.UNKNOWN_INGEST_KEY,
                    "no event carries the ingest key of a project (env_key, on the event or in metadata)"), rejectedCount);
        }
        counters.eventsAccepted(accepted.size());
        return new BatchResult(accepted, rejections, rejectedCount, warnings(batch, scope.unknownFields()), null);
    }

    /** Reads a request body into long-form events, not yet validated. */
    @FunctionalInterface
    public interface BatchReader {
        DecodedBatch read(byte[] body) throws BatchDecodeException;
    }

    private void countRejections(List<EventRejection> rejections, int overLimit) {
        if (rejections.isEmpty()) {
            return;
        }
        Map<RejectReason, Integer> byReason = new EnumMap<>(RejectReason.class);
        for (EventRejection rejection : rejections) {
            if (rejection.reason() != RejectReason.OVER_BATCH_LIMIT) {
                byReason.merge(rejection.reason(), 1, Integer::sum);
            }
        }
        if (overLimit > 0) {
            byReason.put(RejectReason.OVER_BATCH_LIMIT, overLimit);
        }
        byReason.forEach(counters::eventsRejected);
    }

    private static List<String> warnings(DecodedBatch batch, Set<String> unknownFields) {
        List<String> warnings = new ArrayList<>(batch.warnings());
        int listed = 0;
        for (String field : unknownFields) {
            if (listed == MAX_UNKNOWN_FIELD_WARNINGS) {
                warnings.add("and " + (unknownFields.size() - listed) + " more unknown fields, kept as sent");
                break;
            }
            warnings.add("unknown field \"" + field + "\" kept as sent");
            listed++;
        }
        return warnings;
    }
}
