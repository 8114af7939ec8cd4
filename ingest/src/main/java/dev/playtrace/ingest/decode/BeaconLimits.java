package dev.playtrace.ingest.decode;

/**
 * The limits a beacon batch and its events must respect; {@link #DEFAULT} is what the protocol documents.
 *
 * @param maxEventsPerBatch events read from one batch; later events are rejected unread
 * @param maxFieldsPerEvent fields (keys) one event may carry
 * @param maxFieldNameLength characters of one field name
 * @param maxViewIdLength characters of {@code view_id}
 * @param maxTextLength characters of a text field
 * @param maxUrlLength characters of a text field whose name ends in {@code _url}
 * @param maxFutureMs how far after receipt a corrected event time may be
 * @param maxPastMs how far before receipt a corrected event time may be
 */
public record BeaconLimits(
        int maxEventsPerBatch,
        int maxFieldsPerEvent,
        int maxFieldNameLength,
        int maxViewIdLength,
        int maxTextLength,
        int maxUrlLength,
        long maxFutureMs,
        long maxPastMs) {

    public static final BeaconLimits DEFAULT = new BeaconLimits(
            1000, 512, 128, 128, 1024, 4096, 5 * 60 * 1000L, 7 * 24 * 60 * 60 * 1000L);

    public BeaconLimits {
        if (maxEventsPerBatch < 1 || maxFieldsPerEvent < 1 || maxFieldNameLength < 1 || maxViewIdLength < 1
                || maxTextLength < 1 || maxUrlLength < 1 || maxFutureMs < 0 || maxPastMs < 0) {
            throw new IllegalArgumentException("beacon limits must be positive");
        }
    }

    public BeaconLimits withMaxEventsPerBatch(int maxEvents) {
        return new BeaconLimits(maxEvents, maxFieldsPerEvent, maxFieldNameLength, maxViewIdLength, maxTextLength,
                maxUrlLength, maxFutureMs, maxPastMs);
    }
}
