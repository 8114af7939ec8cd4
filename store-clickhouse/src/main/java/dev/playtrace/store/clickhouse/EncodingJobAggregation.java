package dev.playtrace.store.clickhouse;

import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.query.sql.ClickHouseDialect;
import dev.playtrace.store.spi.EncodingJobAggregates;
import dev.playtrace.store.spi.EncodingJobAggregates.CategoryCounts;
import dev.playtrace.store.spi.EncodingJobAggregates.Durations;
import dev.playtrace.store.spi.EncodingJobAggregates.StatusBucket;
import dev.playtrace.store.spi.StoreRow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.playtrace.store.clickhouse.ClickHouseTables.ENCODING_CATEGORIES;
import static dev.playtrace.store.clickhouse.ClickHouseTables.ENCODING_JOBS;

/**
 * Aggregates the encoding jobs of a window in ClickHouse for {@code EncodingJobRepository.aggregateJobs}; quantiles
 * interpolate linearly between closest ranks, exactly as DuckDB's {@code quantile_cont} (the dialect's expression).
 * The statements run one after another (ClickHouse has no read transactions); a job written in between may be seen
 * by one and not another.
 */
final class EncodingJobAggregation {
    private static final String IN_WINDOW = "WHERE project_id = ? AND requested_at_ms >= ? AND requested_at_ms < ?";
    private static final ClickHouseDialect DIALECT = ClickHouseDialect.INSTANCE;

    private final ClickHouseHttp http;

    EncodingJobAggregation(ClickHouseHttp http) {
        this.http = http;
    }

    EncodingJobAggregates aggregate(String projectId, long fromMs, long toMs, long bucketWidthMs) {
        List<Object> window = List.of(projectId, fromMs, toMs);
        List<StatusBucket> buckets = ENCODING_JOBS.selectExpressions(http,
                        "intDiv(requested_at_ms, " + bucketWidthMs + ") * " + bucketWidthMs + " AS bucket_start_ms,"
                                + " status, count() AS jobs",
                        IN_WINDOW + " GROUP BY bucket_start_ms, status ORDER BY bucket_start_ms, status", window).stream()
                .map(row -> new StatusBucket(row.longOrZero("bucket_start_ms"),
                        EncodingJobStatus.byName(row.text("status")).orElseThrow(), row.longOrZero("jobs")))
                .toList();
        String encodingMs = "if(status = 'complete', toFloat64(ended_at_ms - started_at_ms), NULL)";
        String waitingMs = "toFloat64(started_at_ms - requested_at_ms)";
        StoreRow durations = ENCODING_JOBS.selectExpressions(http, durations(encodingMs, "encoding") + ", "
                + durations(waitingMs, "waiting"), IN_WINDOW, window).getFirst();
        return new EncodingJobAggregates(buckets, durations(durations, "encoding"), durations(durations, "waiting"),
                categories(projectId, window));
    }

    private static String durations(String expression, String prefix) {
        return "count(" + expression + ") AS " + prefix + "_jobs, "
                + DIALECT.quantileIf(expression, 0.5, null) + " AS " + prefix + "_median, "
                + DIALECT.quantileIf(expression, 0.95, null) + " AS " + prefix + "_p95, "
                + "toInt64(max(" + expression + ")) AS " + prefix + "_max";
    }

    private static Durations durations(StoreRow row, String prefix) {
        long jobs = row.longOrZero(prefix + "_jobs");
        return jobs == 0 ? Durations.NONE : new Durations(jobs, row.doubleOrNull(prefix + "_median"),
                row.doubleOrNull(prefix + "_p95"), row.longOrNull(prefix + "_max"));
    }

    private List<CategoryCounts> categories(String projectId, List<Object> window) {
        Map<Long, String> names = new HashMap<>();
        ENCODING_CATEGORIES.select(http, "WHERE project_id = ?", List.of(projectId))
                .forEach(row -> names.put(row.longOrZero("category_id"), row.text("name")));
        // the most frequent failure reason per category, ties by the alphabetically first
        Map<Long, String> topReasons = new HashMap<>();
        ENCODING_JOBS.selectExpressions(http, "category_id, failure_reason, count() AS failures",
                        IN_WINDOW + " AND status = 'failure' AND failure_reason IS NOT NULL"
                                + " GROUP BY category_id, failure_reason"
                                + " ORDER BY category_id, failures DESC, failure_reason LIMIT 1 BY category_id", window)
                .forEach(row -> topReasons.put(row.longOrNull("category_id"), row.text("failure_reason")));
        return ENCODING_JOBS.selectExpressions(http, "category_id, count() AS jobs,"
                                + " countIf(status = 'failure') AS failures",
                        IN_WINDOW + " GROUP BY category_id", window).stream()
                .map(row -> {
                    Long categoryId = row.longOrNull("category_id");
                    return new CategoryCounts(categoryId, categoryId == null ? null : names.get(categoryId),
                            row.longOrZero("jobs"), row.longOrZero("failures"), topReasons.get(categoryId));
                })
                .toList();
    }
}
