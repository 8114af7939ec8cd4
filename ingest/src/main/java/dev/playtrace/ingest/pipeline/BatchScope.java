package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.BatchMetadata;
import dev.playtrace.ingest.decode.BeaconLimits;
import dev.playtrace.ingest.decode.ClockCorrection;
import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.Enrichment;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The state one batch shares between its events: the request context, the batch metadata and clock offset, the ingest
 * keys already resolved, the enrichment (computed on first use, once), and the unknown fields seen. Request-confined.
 */
public final class BatchScope {
    private final BeaconContext context;
    private final BatchMetadata metadata;
    private final BeaconLimits limits;
    private final IngestKeyResolver keys;
    private final BatchEnricher enricher;
    private final long clockOffsetMs;
    private final Map<String, Optional<String>> projectsByKey = new HashMap<>(4);
    private final Set<String> unknownFields = new LinkedHashSet<>();
    private Enrichment enrichment;
    private boolean anyProjectResolved;

    BatchScope(BeaconContext context, BatchMetadata metadata, BeaconLimits limits, IngestKeyResolver keys, BatchEnricher enricher) {
        this.context = requireNonNull(context, "context is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.keys = requireNonNull(keys, "keys is null");
        this.enricher = requireNonNull(enricher, "enricher is null");
        this.clockOffsetMs = ClockCorrection.offsetMs(metadata, context.receivedAtMs());
    }

    public BeaconContext context() {
        return context;
    }

    public BatchMetadata metadata() {
        return metadata;
    }

    public BeaconLimits limits() {
        return limits;
    }

    /** Server clock minus device clock for this batch (0 without {@code transmission_timestamp}). */
    public long clockOffsetMs() {
        return clockOffsetMs;
    }

    /** The project of an ingest key; each distinct key is resolved once per batch. */
    public Optional<String> projectIdFor(String ingestKey) {
        Optional<String> projectId = projectsByKey.computeIfAbsent(ingestKey,
                key -> requireNonNull(keys.projectIdFor(key), "IngestKeyResolver returned null"));
        if (projectId.isPresent()) {
            anyProjectResolved = true;
        }
        return projectId;
    }

    /** The batch's enrichment, computed on the first call (so batches that reject every event never parse the UA). */
    public Enrichment enrichment() {
        if (enrichment == null) {
            enrichment = enricher.enrich(context.userAgent(), context.clientIp(), context.cdnCountryCode());
        }
        return enrichment;
    }

    void noteUnknownField(String field) {
        unknownFields.add(field);
    }

    Set<String> unknownFields() {
        return unknownFields;
    }

    boolean anyProjectResolved() {
        return anyProjectResolved;
    }
}
