package dev.playtrace.query;

import java.util.List;

/**
 * One time bucket of a {@link StartupHistogramQuery}: started views per startup-time bin, in bin order (every bin,
 * zeros included).
 */
public record StartupHistogramPoint(long bucketStartMs, List<Long> binCounts) {
    public StartupHistogramPoint {
        binCounts = List.copyOf(binCounts);
    }

    public long startedViews() {
        return binCounts.stream().mapToLong(Long::longValue).sum();
    }

    /** Each bin's share of the bucket's started views, in percent; all 0 when none started. */
    public List<Double> binPercentages() {
        long total = startedViews();
        return binCounts.stream().map(count -> total == 0 ? 0.0 : count * 100.0 / total).toList();
    }
}
