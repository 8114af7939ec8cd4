package dev.playtrace.ingest.decode;

/**
 * The batch-wide {@code metadata} object.
 *
 * @param transmissionTimestampMs device clock when the SDK sent the batch; null when absent or unusable
 * @param envKey the ingest key for events that carry none; null when absent
 */
public record BatchMetadata(Long transmissionTimestampMs, String envKey) {
    public static final BatchMetadata NONE = new BatchMetadata(null, null);
}
