package dev.playtrace.ingest.session;

import java.util.Arrays;

/** A growable list of raw time intervals, in any order and possibly overlapping, collected while reading events. */
final class IntervalList {
    private long[] startsMs = new long[4];
    private long[] endsMs = new long[4];
    private int size;

    void add(long startMs, long endMs) {
        if (endMs <= startMs) {
            return;
        }
        if (size == startsMs.length) {
            startsMs = Arrays.copyOf(startsMs, size * 2);
            endsMs = Arrays.copyOf(endsMs, size * 2);
        }
        startsMs[size] = startMs;
        endsMs[size] = endMs;
        size++;
    }

    IntervalSet toSet() {
        return IntervalSet.union(startsMs, endsMs, size);
    }
}
