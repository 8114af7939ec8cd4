package dev.playtrace.store.duckdb;

import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.store.spi.EncodingJobAggregates;
import dev.playtrace.store.spi.EncodingJobAggregates.CategoryCounts;
import dev.playtrace.store.spi.EncodingJobAggregates.Durations;
import dev.playtrace.store.spi.EncodingJobAggregates.StatusBucket;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.playtrace.store.spi.RowValues.doubleOrNull;
import static dev.playtrace.store.spi.RowValues.longOrNull;
import static dev.playtrace.store.spi.RowValues.longOrZero;
import static dev.playtrace.store.spi.RowValues.text;

/** SQL that aggregates the encoding jobs of a window for {@code EncodingJobRepository.aggregateJobs}. */
final class EncodingJobAggregation {
    private static final String IN_WINDOW = " WHERE project_id = ? AND requested_at_ms >= ? AND requested_at_ms < ?";

    private static final String STATUS_BUCKETS = "SELECT (requested_at_ms // CAST(? AS BIGINT)) * CAST(? AS BIGINT),"
            + " status, count(*) FROM " + DuckDbSchema.ENCODING_JOBS + IN_WINDOW + " GROUP BY 1, 2 ORDER BY 1, 2";

    // aggregates skip nulls: encoding_ms is null unless the job is complete, waiting_ms unless it has started
    private static final String DURATIONS = "SELECT count(encoding_ms), quantile_cont(encoding_ms, 0.5),"
            + " quantile_cont(encoding_ms, 0.95), max(encoding_ms), count(waiting_ms), quantile_cont(waiting_ms, 0.5),"
            + " quantile_cont(waiting_ms, 0.95), max(waiting_ms)"
            + " FROM (SELECT CAST(CASE WHEN status = 'complete' THEN ended_at_ms - started_at_ms END AS DOUBLE) AS encoding_ms,"
            + " CAST(started_at_ms - requested_at_ms AS DOUBLE) AS waiting_ms FROM " + DuckDbSchema.ENCODING_JOBS + IN_WINDOW + ")";

    private static final String CATEGORIES = "WITH jobs AS (SELECT category_id, status, failure_reason FROM "
            + DuckDbSchema.ENCODING_JOBS + IN_WINDOW + "),"
            + " reasons AS (SELECT category_id, failure_reason, row_number() OVER (PARTITION BY category_id"
            + " ORDER BY count(*) DESC, failure_reason) AS reason_rank FROM jobs"
            + " WHERE status = 'failure' AND failure_reason IS NOT NULL GROUP BY category_id, failure_reason)"
            + " SELECT jobs.category_id, categories.name, count(*), count(*) FILTER (WHERE jobs.status = 'failure'),"
            + " min(reasons.failure_reason) FROM jobs"
            + " LEFT JOIN " + DuckDbSchema.ENCODING_CATEGORIES + " categories"
            + " ON categories.project_id = ? AND categories.category_id = jobs.category_id"
            + " LEFT JOIN reasons ON reasons.reason_rank = 1 AND reasons.category_id IS NOT DISTINCT FROM jobs.category_id"
            + " GROUP BY jobs.category_id, categories.name";

    /** Runs the three statements in one read transaction, so they see the same jobs. */
    EncodingJobAggregates aggregate(Connection reader, String projectId, long fromMs, long toMs, long bucketWidthMs)
            throws SQLException {
        List<Object> window = List.of(projectId, fromMs, toMs);
        execute(reader, "BEGIN TRANSACTION");
        try {
            // requested_at_ms is never negative, so truncating division is the floor: buckets align to epoch multiples
            List<StatusBucket> buckets = JdbcRows.select(reader, STATUS_BUCKETS,
                            List.of(bucketWidthMs, bucketWidthMs, projectId, fromMs, toMs)).stream()
                    .map(row -> new StatusBucket(longOrZero(row[0]), EncodingJobStatus.byName(text(row[1])).orElseThrow(),
                            longOrZero(row[2])))
                    .toList();
            Object[] durations = JdbcRows.select(reader, DURATIONS, window).getFirst();
            List<CategoryCounts> categories = JdbcRows.select(reader, CATEGORIES,
                            List.of(projectId, fromMs, toMs, projectId)).stream()
                    .map(row -> new CategoryCounts(longOrNull(row[0]), text(row[1]), longOrZero(row[2]),
                            longOrZero(row[3]), text(row[4])))
                    .toList();
            return new EncodingJobAggregates(buckets, durations(durations, 0), durations(durations, 4), categories);
        } finally {
            execute(reader, "ROLLBACK");
        }
    }

    private static Durations durations(Object[] row, int first) {
        long jobs = longOrZero(row[first]);
        if (jobs == 0) {
            return Durations.NONE;
        }
        return new Durations(jobs, doubleOrNull(row[first + 1]), doubleOrNull(row[first + 2]),
                longOrNull(row[first + 3]));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
