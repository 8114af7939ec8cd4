package dev.playtrace.bench.run;

import java.util.Arrays;

/** Nearest-rank percentiles of measured samples. */
final class Samples {
    private Samples() {
    }

    /** The nearest-rank {@code percent} percentile of ascending values; 0 when there are none. */
    static long percentileOfSorted(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long percentile(long[] values, double percent) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentileOfSorted(sorted, percent);
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
