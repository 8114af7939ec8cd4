package dev.playtrace.store.clickhouse;

import dev.playtrace.model.EncodingCategory;
import dev.playtrace.model.EncodingJob;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.EncodingJobAggregates;
import dev.playtrace.store.spi.EncodingJobRepository;
import dev.playtrace.store.spi.StoreRow;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.playtrace.store.clickhouse.ClickHouseTables.ENCODING_CATEGORIES;
import static dev.playtrace.store.clickhouse.ClickHouseTables.ENCODING_JOBS;

/**
 * Encoding categories and jobs as versioned rows. A job's unique file id and the status compare-and-set go through
 * {@link Claims} (exact across processes); category ids are assigned under {@link CheckThenWrite} (exact in one
 * process; two processes creating a category of one project at once could assign one id twice).
 */
final class ClickHouseEncodingJobs implements EncodingJobRepository {
    private static final String IN_WINDOW = "WHERE project_id = ? AND requested_at_ms >= ? AND requested_at_ms < ?";

    private final ClickHouseHttp http;
    private final VersionClock clock;
    private final CheckThenWrite checkThenWrite;
    private final EncodingJobAggregation aggregation;
    private final Claims claims;

    ClickHouseEncodingJobs(ClickHouseHttp http, VersionClock clock, CheckThenWrite checkThenWrite, Claims claims) {
        this.http = http;
        this.clock = clock;
        this.checkThenWrite = checkThenWrite;
        this.claims = claims;
        this.aggregation = new EncodingJobAggregation(http);
    }

    @Override
    public EncodingCategory createCategory(String projectId, String name, long createdAtMs) {
        return checkThenWrite.run(() -> {
            long next = ENCODING_CATEGORIES.selectExpressions(http, "max(category_id) + 1 AS next, count() AS n",
                    "WHERE project_id = ?", List.of(projectId)).getFirst().longOrZero("next");
            EncodingCategory category = new EncodingCategory(projectId, Math.max(next, 1), name, createdAtMs);
            ENCODING_CATEGORIES.upsert(http, clock.next(), List.<Object[]>of(new Object[] {projectId,
                    category.categoryId(), name, createdAtMs}));
            return category;
        });
    }

    @Override
    public Optional<EncodingCategory> findCategory(String projectId, long categoryId) {
        return categories("WHERE project_id = ? AND category_id = ?", List.of(projectId, categoryId)).stream().findFirst();
    }

    @Override
    public List<EncodingCategory> listCategories(String projectId, long offset, int limit) {
        return categories("WHERE project_id = ? ORDER BY category_id LIMIT ?, ?", List.of(projectId, offset, (long) limit));
    }

    @Override
    public long countCategories(String projectId) {
        return ENCODING_CATEGORIES.selectExpressions(http, "count() AS n", "WHERE project_id = ?", List.of(projectId))
                .getFirst().longOrZero("n");
    }

    @Override
    public void createJob(EncodingJob job) {
        boolean created = checkThenWrite.run(() -> {
            Object[] key = {job.projectId(), job.fileId()};
            Claims.Observed current = claims.observe(ENCODING_JOBS, key);
            return !current.isLive()
                    && claims.compareAndWrite(ENCODING_JOBS, key, current, row(job));
        });
        if (!created) {
            throw new PlaytraceException(ErrorCode.CONFLICT, "project '" + job.projectId()
                    + "' already has an encoding job for file '" + job.fileId() + "'");
        }
    }

    @Override
    public boolean replaceJob(EncodingJob job, EncodingJobStatus expected) {
        return checkThenWrite.run(() -> {
            Object[] key = {job.projectId(), job.fileId()};
            Claims.Observed current = claims.observe(ENCODING_JOBS, key);
            boolean inExpectedStatus = current.isLive()
                    && EncodingJobStatus.byName(current.row().get().text("status")).orElseThrow() == expected;
            return inExpectedStatus && claims.compareAndWrite(ENCODING_JOBS, key, current, row(job));
        });
    }

    @Override
    public Optional<EncodingJob> findJob(String projectId, String fileId) {
        return jobs("WHERE project_id = ? AND file_id = ?", List.of(projectId, fileId)).stream().findFirst();
    }

    @Override
    public List<EncodingJob> listJobs(String projectId, long fromMs, long toMs, long offset, int limit) {
        return jobs(IN_WINDOW + " ORDER BY requested_at_ms DESC, file_id LIMIT ?, ?",
                List.of(projectId, fromMs, toMs, offset, (long) limit));
    }

    @Override
    public long countJobs(String projectId, long fromMs, long toMs) {
        return ENCODING_JOBS.selectExpressions(http, "count() AS n", IN_WINDOW, List.of(projectId, fromMs, toMs))
                .getFirst().longOrZero("n");
    }

    @Override
    public Map<EncodingJobStatus, Long> countJobsByStatus(String projectId, long fromMs, long toMs) {
        Map<EncodingJobStatus, Long> counts = new EnumMap<>(EncodingJobStatus.class);
        Arrays.stream(EncodingJobStatus.values()).forEach(status -> counts.put(status, 0L));
        for (StoreRow row : ENCODING_JOBS.selectExpressions(http, "status, count() AS n", IN_WINDOW + " GROUP BY status",
                List.of(projectId, fromMs, toMs))) {
            EncodingJobStatus.byName(row.text("status")).ifPresent(status -> counts.put(status, row.longOrZero("n")));
        }
        return counts;
    }

    @Override
    public EncodingJobAggregates aggregateJobs(String projectId, long fromMs, long toMs, long bucketWidthMs) {
        return aggregation.aggregate(projectId, fromMs, toMs, bucketWidthMs);
    }

    private static Object[] row(EncodingJob job) {
        EncodingJob.Input input = job.input();
        return new Object[] {job.projectId(), job.fileId(), job.fileName(), job.filePath(), job.categoryId(),
                input.durationSeconds(), input.videoCodec(), input.videoBitrateBps(), input.profile(), input.width(),
                input.height(), input.framerate(), input.audioCodec(), input.audioBitrateBps(), job.status().wireName(),
                job.requestedAtMs(), job.startedAtMs(), job.endedAtMs(), job.failureReason()};
    }

    private List<EncodingCategory> categories(String rest, List<Object> parameters) {
        return ENCODING_CATEGORIES.select(http, rest, parameters).stream()
                .map(row -> new EncodingCategory(row.text("project_id"), row.longOrZero("category_id"),
                        row.text("name"), row.longOrZero("created_at_ms")))
                .toList();
    }

    private List<EncodingJob> jobs(String rest, List<Object> parameters) {
        return ENCODING_JOBS.select(http, rest, parameters).stream().map(ClickHouseEncodingJobs::job).toList();
    }

    private static EncodingJob job(StoreRow row) {
        return new EncodingJob(row.text("project_id"), row.text("file_id"), row.text("file_name"),
                row.text("file_path"), row.longOrNull("category_id"),
                new EncodingJob.Input(row.doubleOrNull("duration_seconds"), row.text("video_codec"),
                        row.longOrNull("video_bitrate_bps"), row.text("profile"), intOrNull(row.longOrNull("width")),
                        intOrNull(row.longOrNull("height")), row.doubleOrNull("framerate"), row.text("audio_codec"),
                        row.longOrNull("audio_bitrate_bps")),
                EncodingJobStatus.byName(row.text("status")).orElseThrow(), row.longOrZero("requested_at_ms"),
                row.longOrNull("started_at_ms"), row.longOrNull("ended_at_ms"), row.text("failure_reason"));
    }

    private static Integer intOrNull(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
