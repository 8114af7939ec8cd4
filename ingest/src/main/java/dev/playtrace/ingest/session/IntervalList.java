package dev.playtrace.ingest.session;

import java.util.Arrays;

/** A growable list of raw time intervals, in any order and possibly overlapping, collected while reading events. */
final class IntervalList {
    // most views never stall, seek or pause: no arrays until the first interval
    private static final long[] NONE = new long[0];
    private static final int FIRST_CAPACITY = 4;

    private long[] startsMs = NONE;
    private long[] endsMs = NONE;
    private int size;

    void add(long startMs, long endMs) {
        if (endMs <= startMs) {
            return;
        }
        if (size == startsMs.length) {
            int capacity = Math.max(FIRST_CAPACITY, size * 2);
            startsMs = Arrays.copyOf(startsMs, capacity);
            endsMs = Arrays.copyOf(endsMs, capacity);
        }
        startsMs[size] = startMs;
        endsMs[size] = endMs;
        size++;
    }

    IntervalSet toSet() {
        return IntervalSet.union(startsMs, endsMs, size);
    }
}
