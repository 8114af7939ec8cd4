package dev.playtrace.query;

import java.util.List;

/**
 * One time bucket of a {@link StartupHistogramQuery}: started views per startup-time bin, in bin order (every bin,
 * zeros included), and {@code video_startup_time}'s median, average and 95th percentile over the same views (null
 * when none started).
 */
public record StartupHistogramPoint(long bucketStartMs, List<Long> binCounts, Double medianMs, Double averageMs,
                                    Double p95Ms) {
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
