package dev.playtrace.store.duckdb;

import dev.playtrace.model.EncodingCategory;
import dev.playtrace.model.EncodingJob;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.RowValues;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for the encoding jobs and encoding categories tables. */
final class EncodingJobTables {
    private static final String CATEGORY_COLUMNS = "project_id, category_id, name, created_at_ms";
    private static final String JOB_COLUMNS = "project_id, file_id, file_name, file_path, category_id, duration_seconds,"
            + " video_codec, video_bitrate_bps, profile, width, height, framerate, audio_codec, audio_bitrate_bps, status,"
            + " requested_at_ms, started_at_ms, ended_at_ms, failure_reason";

    EncodingCategory createCategory(Connection writer, String projectId, String name, long createdAtMs) throws SQLException {
        long next = RowValues.longOrZero(JdbcRows.select(writer, "SELECT coalesce(max(category_id), 0) + 1 FROM "
                + DuckDbSchema.ENCODING_CATEGORIES + " WHERE project_id = ?", List.of(projectId)).getFirst()[0]);
        JdbcRows.update(writer, "INSERT INTO " + DuckDbSchema.ENCODING_CATEGORIES + " (" + CATEGORY_COLUMNS
                + ") VALUES (?, ?, ?, ?)", List.of(projectId, next, name, createdAtMs));
        return new EncodingCategory(projectId, next, name, createdAtMs);
    }

    Optional<EncodingCategory> findCategory(Connection reader, String projectId, long categoryId) throws SQLException {
        return categories(reader, " WHERE project_id = ? AND category_id = ?", List.of(projectId, categoryId))
                .stream().findFirst();
    }

    List<EncodingCategory> listCategories(Connection reader, String projectId, long offset, int limit) throws SQLException {
        return categories(reader, " WHERE project_id = ? ORDER BY category_id LIMIT ? OFFSET ?",
                List.of(projectId, limit, offset));
    }

    long countCategories(Connection reader, String projectId) throws SQLException {
        return RowValues.longOrZero(JdbcRows.select(reader, "SELECT count(*) FROM " + DuckDbSchema.ENCODING_CATEGORIES
                + " WHERE project_id = ?", List.of(projectId)).getFirst()[0]);
    }

    void createJob(Connection writer, EncodingJob job) throws SQLException {
        boolean exists = !JdbcRows.select(writer, "SELECT file_id FROM " + DuckDbSchema.ENCODING_JOBS
                + " WHERE project_id = ? AND file_id = ?", List.of(job.projectId(), job.fileId())).isEmpty();
        if (exists) {
            throw new PlaytraceException(ErrorCode.CONFLICT, "a job with file id '" + job.fileId() + "' already exists");
        }
        JdbcRows.update(writer, "INSERT INTO " + DuckDbSchema.ENCODING_JOBS + " (" + JOB_COLUMNS + ") VALUES ("
                + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values(job));
    }

    boolean replaceJob(Connection writer, EncodingJob job, EncodingJobStatus expected) throws SQLException {
        List<Object> parameters = new ArrayList<>(values(job).subList(2, 19));
        parameters.addAll(List.of(job.projectId(), job.fileId(), expected.wireName()));
        return JdbcRows.update(writer, "UPDATE " + DuckDbSchema.ENCODING_JOBS + " SET file_name = ?, file_path = ?,"
                + " category_id = ?, duration_seconds = ?, video_codec = ?, video_bitrate_bps = ?, profile = ?, width = ?,"
                + " height = ?, framerate = ?, audio_codec = ?, audio_bitrate_bps = ?, status = ?, requested_at_ms = ?,"
                + " started_at_ms = ?, ended_at_ms = ?, failure_reason = ?"
                + " WHERE project_id = ? AND file_id = ? AND status = ?", parameters) == 1;
    }

    Optional<EncodingJob> findJob(Connection reader, String projectId, String fileId) throws SQLException {
        return jobs(reader, " WHERE project_id = ? AND file_id = ?", List.of(projectId, fileId)).stream().findFirst();
    }

    List<EncodingJob> listJobs(Connection reader, String projectId, long fromMs, long toMs, long offset, int limit)
            throws SQLException {
        return jobs(reader, " WHERE project_id = ? AND requested_at_ms >= ? AND requested_at_ms < ?"
                + " ORDER BY requested_at_ms DESC, file_id LIMIT ? OFFSET ?", List.of(projectId, fromMs, toMs, limit, offset));
    }

    long countJobs(Connection reader, String projectId, long fromMs, long toMs) throws SQLException {
        return RowValues.longOrZero(JdbcRows.select(reader, "SELECT count(*) FROM " + DuckDbSchema.ENCODING_JOBS
                        + " WHERE project_id = ? AND requested_at_ms >= ? AND requested_at_ms < ?",
                List.of(projectId, fromMs, toMs)).getFirst()[0]);
    }

    Map<EncodingJobStatus, Long> countJobsByStatus(Connection reader, String projectId, long fromMs, long toMs)
            throws SQLException {
        Map<EncodingJobStatus, Long> counts = new EnumMap<>(EncodingJobStatus.class);
        Arrays.stream(EncodingJobStatus.values()).forEach(status -> counts.put(status, 0L));
        for (Object[] row : JdbcRows.select(reader, "SELECT status, count(*) FROM " + DuckDbSchema.ENCODING_JOBS
                        + " WHERE project_id = ? AND requested_at_ms >= ? AND requested_at_ms < ? GROUP BY status",
                List.of(projectId, fromMs, toMs))) {
            EncodingJobStatus.byName(RowValues.text(row[0])).ifPresent(status -> counts.put(status, RowValues.longOrZero(row[1])));
        }
        return counts;
    }

    private static List<Object> values(EncodingJob job) {
        EncodingJob.Input input = job.input();
        return Arrays.asList(job.projectId(), job.fileId(), job.fileName(), job.filePath(), job.categoryId(),
                input.durationSeconds(), input.videoCodec(), input.videoBitrateBps(), input.profile(), input.width(),
                input.height(), input.framerate(), input.audioCodec(), input.audioBitrateBps(), job.status().wireName(),
                job.requestedAtMs(), job.startedAtMs(), job.endedAtMs(), job.failureReason());
    }

    private static List<EncodingCategory> categories(Connection reader, String where, List<Object> parameters)
            throws SQLException {
        return JdbcRows.select(reader, "SELECT " + CATEGORY_COLUMNS + " FROM " + DuckDbSchema.ENCODING_CATEGORIES + where,
                        parameters).stream()
                .map(row -> new EncodingCategory(RowValues.text(row[0]), RowValues.longOrZero(row[1]),
                        RowValues.text(row[2]), RowValues.longOrZero(row[3])))
                .toList();
    }

    private static List<EncodingJob> jobs(Connection reader, String where, List<Object> parameters) throws SQLException {
        return JdbcRows.select(reader, "SELECT " + JOB_COLUMNS + " FROM " + DuckDbSchema.ENCODING_JOBS + where, parameters)
                .stream()
                .map(row -> new EncodingJob(RowValues.text(row[0]), RowValues.text(row[1]), RowValues.text(row[2]),
                        RowValues.text(row[3]), longOrNull(row[4]),
                        new EncodingJob.Input(doubleOrNull(row[5]), RowValues.text(row[6]), longOrNull(row[7]),
                                RowValues.text(row[8]), intOrNull(row[9]), intOrNull(row[10]), doubleOrNull(row[11]),
                                RowValues.text(row[12]), longOrNull(row[13])),
                        EncodingJobStatus.byName(RowValues.text(row[14])).orElseThrow(), RowValues.longOrZero(row[15]),
                        longOrNull(row[16]), longOrNull(row[17]), RowValues.text(row[18])))
                .toList();
    }

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static Integer intOrNull(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static Double doubleOrNull(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
