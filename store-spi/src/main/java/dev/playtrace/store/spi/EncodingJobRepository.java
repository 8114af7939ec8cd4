package dev.playtrace.store.spi;

import dev.playtrace.model.EncodingCategory;
import dev.playtrace.model.EncodingJob;
import dev.playtrace.model.EncodingJobStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps encoding jobs and their categories, per project, in the same store as the views. Windows select jobs by
 * {@link EncodingJob#requestedAtMs()} in {@code [fromMs, toMs)}.
 */
public interface EncodingJobRepository {
    /** Assigns the next category id of the project and stores the category. */
    EncodingCategory createCategory(String projectId, String name, long createdAtMs);

    Optional<EncodingCategory> findCategory(String projectId, long categoryId);

    /** Categories by id, {@code offset} rows skipped. */
    List<EncodingCategory> listCategories(String projectId, long offset, int limit);

    long countCategories(String projectId);

    /**
     * Stores a new job.
     *
     * @throws PlaytraceException {@link ErrorCode#CONFLICT} when the project already has a job with this file id
     */
    void createJob(EncodingJob job);

    /**
     * Replaces the job if it is still in {@code expected} status (so concurrent transitions cannot both win).
     *
     * @return false when the stored job was no longer in {@code expected}
     */
    boolean replaceJob(EncodingJob job, EncodingJobStatus expected);

    Optional<EncodingJob> findJob(String projectId, String fileId);

    /** Jobs requested in the window, newest first, {@code offset} rows skipped. */
    List<EncodingJob> listJobs(String projectId, long fromMs, long toMs, long offset, int limit);

    long countJobs(String projectId, long fromMs, long toMs);

    /** Jobs requested in the window by current status; every status is present (0 when none). */
    Map<EncodingJobStatus, Long> countJobsByStatus(String projectId, long fromMs, long toMs);

    /**
     * Aggregates, in the store, the jobs requested in the window:
     * <ul>
     *   <li>{@code statusBuckets}: jobs by current status and by bucket of {@code requestedAtMs}, buckets
     *   {@code bucketWidthMs} wide and aligned to epoch multiples of it (UTC);</li>
     *   <li>{@code encoding}: {@code endedAtMs - startedAtMs} over the jobs now {@code complete};</li>
     *   <li>{@code waiting}: {@code startedAtMs - requestedAtMs} over the jobs that have started (every status but
     *   {@code waiting});</li>
     *   <li>{@code categories}: per category of the jobs (one row for the jobs without one), with the category's
     *   name; in no particular order.</li>
     * </ul>
     */
    EncodingJobAggregates aggregateJobs(String projectId, long fromMs, long toMs, long bucketWidthMs);
}
