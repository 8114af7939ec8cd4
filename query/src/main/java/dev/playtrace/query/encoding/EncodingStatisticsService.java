package dev.playtrace.query.encoding;

import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.encoding.EncodingStatistics.CategoryStatistics;
import dev.playtrace.query.encoding.EncodingStatistics.DurationSummary;
import dev.playtrace.query.encoding.EncodingStatistics.StatusBucket;
import dev.playtrace.store.spi.EncodingJobAggregates;
import dev.playtrace.store.spi.EncodingJobRepository;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Answers encoding-job statistics from one aggregation in the store ({@link EncodingJobRepository#aggregateJobs}).
 * What each number means, for the jobs of the project requested in the window:
 * <ul>
 *   <li>A job is in the window when its {@code requestedAtMs} is in {@code [from, to)}; a window ending after now ends
 *   now (metrics.md §3.12). Statuses are the jobs' current ones, whenever they changed.</li>
 *   <li>{@code jobs}: how many; {@code jobsByStatus}: how many are now in each status.</li>
 *   <li>{@code timeseries}: the same jobs by bucket of {@code requestedAtMs}, buckets aligned to UTC epoch multiples of
 *   the granularity (metrics.md §5; by default the native rule, {@link Granularity#auto}), from the bucket holding
 *   {@code from} to the one holding the window's end, empty buckets included with 0.</li>
 *   <li>{@code encoding}: {@code endedAtMs - startedAtMs} of the jobs now {@code complete} (failed and canceled jobs
 *   are not encodings that finished).</li>
 *   <li>{@code waiting}: {@code startedAtMs - requestedAtMs} of the jobs that have started (every status but
 *   {@code waiting}).</li>
 *   <li>Durations: count, exact median and 95th percentile by linear interpolation between closest ranks (metrics.md
 *   §3.9: DuckDB {@code quantile_cont}) over the integer ms, and the maximum; null when there are none.</li>
 *   <li>{@code categories}: one row per category with jobs in the window (and one for jobs without a category):
 *   jobs, failures (jobs now {@code failure}), {@code 100 * failures / jobs}, and the most frequent failure reason
 *   (ties: the first in code-point order). Ordered by failures (most first), then name, jobs without a category
 *   last.</li>
 * </ul>
 */
public final class EncodingStatisticsService {
    static final int MAX_BUCKETS = 50_000;

    private final EncodingJobRepository jobs;
    private final Clock clock;

    public EncodingStatisticsService(EncodingJobRepository jobs, Clock clock) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@code granularity} null means the native default for the range (metrics.md §5). */
    public EncodingStatistics statistics(String projectId, TimeRange range, Granularity granularity) {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(range, "range is null");
        Granularity width = granularity != null ? granularity : Granularity.auto(range);
        TimeRange window = new TimeRange(range.fromMs(), Math.max(range.fromMs(), Math.min(range.toMs(), clock.millis())));
        List<Long> bucketStarts = bucketStarts(window, width);

        EncodingJobAggregates aggregates = jobs.aggregateJobs(projectId, window.fromMs(), window.toMs(), width.widthMs());
        Map<EncodingJobStatus, Long> totals = new EnumMap<>(EncodingJobStatus.class);
        Map<Long, Map<EncodingJobStatus, Long>> byBucket = new HashMap<>();
        for (EncodingJobAggregates.StatusBucket bucket : aggregates.statusBuckets()) {
            totals.merge(bucket.status(), bucket.jobs(), Long::sum);
            byBucket.computeIfAbsent(bucket.bucketStartMs(), start -> new EnumMap<>(EncodingJobStatus.class))
                    .merge(bucket.status(), bucket.jobs(), Long::sum);
        }
        List<StatusBucket> timeseries = new ArrayList<>(bucketStarts.size());
        for (long startMs : bucketStarts) {
            timeseries.add(new StatusBucket(startMs, byBucket.getOrDefault(startMs, Map.of())));
        }
        long total = totals.values().stream().mapToLong(Long::longValue).sum();
        return new EncodingStatistics(window, width, total, totals, timeseries, summary(aggregates.encoding()),
                summary(aggregates.waiting()), categories(aggregates.categories()));
    }

    private static List<Long> bucketStarts(TimeRange window, Granularity width) {
        long firstMs = width.bucketStart(window.fromMs());
        long count = window.toMs() > window.fromMs() ? Math.ceilDiv(window.toMs() - firstMs, width.widthMs()) : 0;
        if (count > MAX_BUCKETS) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "the timeframe holds " + count + " buckets of "
                    + width.wireName() + "; at most " + MAX_BUCKETS + " are allowed, use a coarser granularity");
        }
        List<Long> starts = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            starts.add(firstMs + i * width.widthMs());
        }
        return starts;
    }

    private static DurationSummary summary(EncodingJobAggregates.Durations durations) {
        return new DurationSummary(durations.jobs(), durations.medianMs(), durations.p95Ms(), durations.maxMs());
    }

    private static List<CategoryStatistics> categories(List<EncodingJobAggregates.CategoryCounts> counts) {
        return counts.stream()
                .map(category -> new CategoryStatistics(category.categoryId(), category.name(), category.jobs(),
                        category.failures(), 100.0 * category.failures() / category.jobs(), category.topFailureReason()))
                .sorted(Comparator.comparingLong(CategoryStatistics::failures).reversed()
                        .thenComparing(CategoryStatistics::name, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(CategoryStatistics::categoryId, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }
}
