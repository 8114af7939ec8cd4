package dev.playtrace.query;

/**
 * A metric's value over a set of views, with the totals every API shows beside it.
 *
 * @param value null when undefined (empty denominator, no views with a value)
 * @param views views in the set (attempts)
 */
public record MetricValue(Double value, long views, long watchTimeMs, long playingTimeMs) {
}
