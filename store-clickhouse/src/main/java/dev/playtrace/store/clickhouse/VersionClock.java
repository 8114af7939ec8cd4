package dev.playtrace.store.clickhouse;

/**
 * Row versions for {@code ReplacingMergeTree(row_version)}: microseconds since the epoch, strictly increasing within
 * this process, so a later write of a key always wins over an earlier one from the same store. Across processes the
 * clocks order the writes (a write from a node whose clock lags may lose to an earlier one; docs/scale-out.md).
 */
final class VersionClock {
    private long last;

    synchronized long next() {
        last = Math.max(System.currentTimeMillis() * 1000, last + 1);
        return last;
    }
}
