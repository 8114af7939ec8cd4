package dev.playtrace.ingest.session;

import java.util.Arrays;

/**
 * An immutable set of disjoint, non-touching, non-empty half-open time intervals {@code [start, end)} in epoch ms,
 * sorted by start.
 */
final class IntervalSet {
    static final IntervalSet EMPTY = new IntervalSet(new long[0], 0);

    /** start0, end0, start1, end1, ... */
    private final long[] bounds;
    private final int size;

    private IntervalSet(long[] bounds, int size) {
        this.bounds = bounds;
        this.size = size;
    }

    static IntervalSet of(long startMs, long endMs) {
        return endMs > startMs ? new IntervalSet(new long[] {startMs, endMs}, 1) : EMPTY;
    }

    /** Normalizes raw intervals given as parallel arrays: drops empty ones, sorts, merges overlapping and touching ones. */
    static IntervalSet union(long[] startsMs, long[] endsMs, int count) {
        long[] starts = Arrays.copyOf(startsMs, count);
        long[] ends = Arrays.copyOf(endsMs, count);
        sortByStart(starts, ends);
        Builder builder = new Builder(count);
        for (int i = 0; i < count; i++) {
            builder.add(starts[i], ends[i]);
        }
        return builder.build();
    }

    int size() {
        return size;
    }

    long start(int index) {
        return bounds[2 * index];
    }

    long end(int index) {
        return bounds[2 * index + 1];
    }

    long lengthMs(int index) {
        return end(index) - start(index);
    }

    long totalMs() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += lengthMs(i);
        }
        return total;
    }

    boolean isEmpty() {
        return size == 0;
    }

    IntervalSet union(IntervalSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        long[] starts = new long[size + other.size];
        long[] ends = new long[size + other.size];
        for (int i = 0; i < size; i++) {
            starts[i] = start(i);
            ends[i] = end(i);
        }
        for (int i = 0; i < other.size; i++) {
            starts[size + i] = other.start(i);
            ends[size + i] = other.end(i);
        }
        return union(starts, ends, starts.length);
    }

    /** The part of this set inside {@code [fromMs, toMs)}. */
    IntervalSet clip(long fromMs, long toMs) {
        Builder builder = new Builder(size);
        for (int i = 0; i < size; i++) {
            builder.add(Math.max(start(i), fromMs), Math.min(end(i), toMs));
        }
        return builder.build();
    }

    IntervalSet minus(IntervalSet other) {
        if (isEmpty() || other.isEmpty()) {
            return this;
        }
        Builder builder = new Builder(size + other.size);
        int first = 0;
        for (int i = 0; i < size; i++) {
            long cursor = start(i);
            long end = end(i);
            while (first < other.size && other.end(first) <= cursor) {
                first++;
            }
            for (int k = first; k < other.size && other.start(k) < end && cursor < end; k++) {
                builder.add(cursor, Math.min(other.start(k), end));
                cursor = Math.max(cursor, other.end(k));
            }
            builder.add(cursor, end);
        }
        return builder.build();
    }

    /** Only the intervals at least {@code minLengthMs} long. */
    IntervalSet withoutShorterThan(long minLengthMs) {
        Builder builder = new Builder(size);
        for (int i = 0; i < size; i++) {
            if (lengthMs(i) >= minLengthMs) {
                builder.add(start(i), end(i));
            }
        }
        return builder.build();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append('[').append(start(i)).append(", ").append(end(i)).append(')');
        }
        return text.append(']').toString();
    }

    // Insertion sort: interval lists are short and almost sorted (only late rebuffer signals are out of place).
    private static void sortByStart(long[] starts, long[] ends) {
        for (int i = 1; i < starts.length; i++) {
            long start = starts[i];
            long end = ends[i];
            int j = i - 1;
            while (j >= 0 && starts[j] > start) {
                starts[j + 1] = starts[j];
                ends[j + 1] = ends[j];
                j--;
            }
            starts[j + 1] = start;
            ends[j + 1] = end;
        }
    }

    /** Appends intervals in start order, merging overlapping and touching ones and dropping empty ones. */
    private static final class Builder {
        private long[] bounds;
        private int size;

        Builder(int expectedSize) {
            bounds = new long[Math.max(2, 2 * expectedSize)];
        }

        void add(long startMs, long endMs) {
            if (endMs <= startMs) {
                return;
            }
            if (size > 0 && startMs <= bounds[2 * size - 1]) {
                bounds[2 * size - 1] = Math.max(bounds[2 * size - 1], endMs);
                return;
            }
            if (2 * size + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[2 * size] = startMs;
            bounds[2 * size + 1] = endMs;
            size++;
        }

        IntervalSet build() {
            return size == 0 ? EMPTY : new IntervalSet(bounds, size);
        }
    }
}
