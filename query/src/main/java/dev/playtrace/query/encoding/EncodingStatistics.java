package dev.playtrace.query.encoding;

import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Granularity;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Statistics of the encoding jobs of one project requested in a window; {@link EncodingStatisticsService} says what
 * each number means.
 *
 * @param window the window the jobs were selected by ({@code requestedAtMs} in {@code [fromMs, toMs)}), its end cut at now
 * @param granularity the width of the {@code timeseries} buckets
 * @param jobs every job requested in the window
 * @param jobsByStatus those jobs by current status; every status is present
 * @param timeseries those jobs by bucket of {@code requestedAtMs} and current status; every bucket of the window
 * @param encoding encoding durations of the jobs now complete
 * @param waiting waiting durations of the jobs that have started
 * @param categories per category: failures first, then by name
 */
public record EncodingStatistics(
        TimeRange window,
        Granularity granularity,
        long jobs,
        Map<EncodingJobStatus, Long> jobsByStatus,
        List<StatusBucket> timeseries,
        DurationSummary encoding,
        DurationSummary waiting,
        List<CategoryStatistics> categories) {
    public EncodingStatistics {
        requireNonNull(window, "window is null");
        requireNonNull(granularity, "granularity is null");
        jobsByStatus = everyStatus(jobsByStatus);
        timeseries = List.copyOf(requireNonNull(timeseries, "timeseries is null"));
        requireNonNull(encoding, "encoding is null");
        requireNonNull(waiting, "waiting is null");
        categories = List.copyOf(requireNonNull(categories, "categories is null"));
    }

    /** An unmodifiable copy in status order, with 0 for the statuses {@code counts} lacks. */
    static Map<EncodingJobStatus, Long> everyStatus(Map<EncodingJobStatus, Long> counts) {
        requireNonNull(counts, "counts is null");
        Map<EncodingJobStatus, Long> copy = new EnumMap<>(EncodingJobStatus.class);
        for (EncodingJobStatus status : EncodingJobStatus.values()) {
            copy.put(status, counts.getOrDefault(status, 0L));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The jobs requested in the bucket {@code [startMs, startMs + width)} by current status; every status is present. */
    public record StatusBucket(long startMs, Map<EncodingJobStatus, Long> jobsByStatus) {
        public StatusBucket {
            jobsByStatus = everyStatus(jobsByStatus);
        }
    }

    /**
     * How many durations, their exact median and 95th percentile (linear interpolation between closest ranks,
     * metrics.md §3.9) and the longest, in ms; the three values are null when {@code jobs} is 0.
     */
    public record DurationSummary(long jobs, Double medianMs, Double p95Ms, Long maxMs) {
    }

    /**
     * The jobs of one category ({@code categoryId} and {@code name} null for jobs without one): how many, how many are
     * now {@code failure}, {@code 100 * failures / jobs}, and the most frequent failure reason (null without failures).
     */
    public record CategoryStatistics(Long categoryId, String name, long jobs, long failures, double failurePercentage,
                                     String topFailureReason) {
    }
}
