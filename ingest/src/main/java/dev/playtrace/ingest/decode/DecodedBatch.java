package dev.playtrace.ingest.decode;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A beacon body read into events, not yet validated.
 *
 * @param events the events read, at most {@link BeaconLimits#maxEventsPerBatch()}, in array order
 * @param totalEvents how many elements the {@code events} array had, including those over the limit
 * @param warnings notes about the body that did not stop it from being read (unknown top-level keys, ...)
 */
public record DecodedBatch(BatchMetadata metadata, List<RawEvent> events, int totalEvents, List<String> warnings) {
    public DecodedBatch {
        requireNonNull(metadata, "metadata is null");
        events = List.copyOf(requireNonNull(events, "events is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    /** Events of the array that were not read because of the per-batch limit. */
    public int eventsOverLimit() {
        return totalEvents - events.size();
    }
}
