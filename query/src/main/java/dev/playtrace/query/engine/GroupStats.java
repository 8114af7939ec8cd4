package dev.playtrace.query.engine;

/** A breakdown group's numbers before ranking and paging. */
record GroupStats(String field, Double value, long views, long watchTimeMs, long playingTimeMs) {
}
