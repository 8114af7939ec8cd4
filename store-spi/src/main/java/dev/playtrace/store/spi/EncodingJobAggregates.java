package dev.playtrace.store.spi;

import dev.playtrace.model.EncodingJobStatus;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a store aggregates over the encoding jobs of one project requested in a window (see
 * {@link EncodingJobRepository#aggregateJobs}); the query layer turns it into the statistics the API answers.
 */
public record EncodingJobAggregates(
        List<StatusBucket> statusBuckets,
        Durations encoding,
        Durations waiting,
        List<CategoryCounts> categories) {
    public EncodingJobAggregates {
        statusBuckets = List.copyOf(requireNonNull(statusBuckets, "statusBuckets is null"));
        requireNonNull(encoding, "encoding is null");
        requireNonNull(waiting, "waiting is null");
        categories = List.copyOf(requireNonNull(categories, "categories is null"));
    }

    /** The jobs requested in one time bucket that are now in one status; only buckets with jobs are listed. */
    public record StatusBucket(long bucketStartMs, EncodingJobStatus status, long jobs) {
        public StatusBucket {
            requireNonNull(status, "status is null");
        }
    }

    /**
     * Durations in ms over a set of jobs: how many, the exact median and 95th percentile by linear interpolation
     * between closest ranks (metrics.md §3.9, DuckDB {@code quantile_cont}), and the longest. The three values are
     * null when {@code jobs} is 0.
     */
    public record Durations(long jobs, Double medianMs, Double p95Ms, Long maxMs) {
        public static final Durations NONE = new Durations(0, null, null, null);
    }

    /**
     * The jobs of one category ({@code categoryId} and {@code name} null for jobs without a category), how many of
     * them are now {@code failure}, and their most frequent failure reason (ties: the alphabetically first; null
     * without failures).
     */
    public record CategoryCounts(Long categoryId, String name, long jobs, long failures, String topFailureReason) {
    }
}
