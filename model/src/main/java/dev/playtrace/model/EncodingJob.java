package dev.playtrace.model;

import static java.util.Objects.requireNonNull;

/**
 * One file an encoder (a customer's ffmpeg farm or cloud transcoder) reported to Playtrace, identified by
 * {@code fileId} within its project. {@code requestedAtMs} is when the job was created (VOD Station's
 * "work start time": the time the encoding was requested); each later transition records its own time.
 *
 * @param categoryId null when the job belongs to no category
 * @param input the source file's metadata as the encoder reported it (any field may be null)
 * @param startedAtMs when it moved to running, or null
 * @param endedAtMs when it completed, failed or was canceled, or null
 * @param failureReason why it failed (failure only)
 */
public record EncodingJob(
        String projectId,
        String fileId,
        String fileName,
        String filePath,
        Long categoryId,
        Input input,
        EncodingJobStatus status,
        long requestedAtMs,
        Long startedAtMs,
        Long endedAtMs,
        String failureReason) {

    public EncodingJob {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(fileId, "fileId is null");
        requireNonNull(input, "input is null");
        requireNonNull(status, "status is null");
    }

    /** The source file's metadata; units in names. */
    public record Input(Double durationSeconds, String videoCodec, Long videoBitrateBps, String profile, Integer width,
            Integer height, Double framerate, String audioCodec, Long audioBitrateBps) {
        public static final Input NONE = new Input(null, null, null, null, null, null, null, null, null);
    }

    /** A new job, waiting. */
    public static EncodingJob requested(String projectId, String fileId, String fileName, String filePath, Long categoryId,
            Input input, long requestedAtMs) {
        return new EncodingJob(projectId, fileId, fileName, filePath, categoryId, input, EncodingJobStatus.WAITING,
                requestedAtMs, null, null, null);
    }

    /**
     * This job moved to {@code next} at {@code atMs}.
     *
     * @throws PlaytraceException {@link ErrorCode#CONFLICT} when the transition is not allowed
     */
    public EncodingJob moveTo(EncodingJobStatus next, long atMs, String reason) {
        if (!status.canMoveTo(next)) {
            throw new PlaytraceException(ErrorCode.CONFLICT, "job '" + fileId + "' is " + status.wireName()
                    + " and cannot become " + next.wireName());
        }
        return switch (next) {
            case RUNNING -> new EncodingJob(projectId, fileId, fileName, filePath, categoryId, input, next, requestedAtMs,
                    atMs, null, null);
            case COMPLETE, CANCELED -> new EncodingJob(projectId, fileId, fileName, filePath, categoryId, input, next,
                    requestedAtMs, startedAtMs, atMs, null);
            case FAILURE -> new EncodingJob(projectId, fileId, fileName, filePath, categoryId, input, next, requestedAtMs,
                    startedAtMs, atMs, reason);
            case WAITING -> throw new IllegalStateException("no job moves back to waiting");
        };
    }
}
