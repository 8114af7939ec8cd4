package dev.playtrace.query.engine;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;

/**
 * The UTC-aligned buckets of width {@code widthMs} that cover a range: the first starts at or before the range
 * start, the last ends at or after the range end.
 */
record BucketGrid(long firstStartMs, long widthMs, int count) {
    static final int MAX_BUCKETS = 50_000;

    static BucketGrid covering(TimeRange range, long widthMs) {
        long first = Math.floorDiv(range.fromMs(), widthMs) * widthMs;
        long count = range.toMs() > range.fromMs() ? Math.ceilDiv(range.toMs() - first, widthMs) : 0;
        if (count > MAX_BUCKETS) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "the time range holds " + count
                    + " buckets of " + widthMs + " ms; at most " + MAX_BUCKETS + " are allowed, use a coarser granularity");
        }
        return new BucketGrid(first, widthMs, (int) count);
    }

    long startMs(int index) {
        return firstStartMs + index * widthMs;
    }

    /** Index of the bucket with this absolute bucket number ({@code start / width}), or -1 outside the grid. */
    int indexOfBucketNumber(long bucketNumber) {
        long index = bucketNumber - firstStartMs / widthMs;
        return index >= 0 && index < count ? (int) index : -1;
    }

    /** Index of the bucket holding the time, or -1 outside the grid. */
    int indexOfTime(long timeMs) {
        return indexOfBucketNumber(Math.floorDiv(timeMs, widthMs));
    }
}
