package dev.playtrace.query;

/** One row of a breakdown: the metric for the views whose group-by dimension equals {@code field}. */
public record GroupRow(String field, Double value, long views, long watchTimeMs, long playingTimeMs, int negativeImpact) {
}
