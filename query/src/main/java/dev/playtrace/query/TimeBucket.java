package dev.playtrace.query;

/** One timeseries bucket; {@code value} is null when undefined, {@code views} the views in the bucket. */
public record TimeBucket(long bucketStartMs, Double value, long views) {
}
