package dev.playtrace.query.engine;

/** One metric's value over a set of views, with the totals shown beside it; value null when undefined. */
record Stats(Double value, long views, long watchTimeMs, long playingTimeMs) {
}
