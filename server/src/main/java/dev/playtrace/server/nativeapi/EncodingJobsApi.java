package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.EncodingCategory;
import dev.playtrace.model.EncodingJob;
import dev.playtrace.store.spi.EncodingJobRepository;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.encoding.EncodingStatistics;
import dev.playtrace.query.encoding.EncodingStatisticsService;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RouteHandlers;
import dev.playtrace.server.http.RequestParameters;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The native encoding-jobs API under {@code /data/v1/encoding}: an encoder reports its jobs (create, then
 * {@code waiting → running → complete | failure | canceled}; other transitions are 409), lists and reads them, and
 * manages categories, and reads their statistics ({@link #statistics}). Authenticated with the project's API token (HTTP Basic; changing jobs needs an admin token),
 * errors in the native style. VOD Station ({@code facade/ncp}) reads the jobs reported here.
 */
public final class EncodingJobsApi {
    private static final String PREFIX = "/data/v1/encoding";
    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 1000;

    private final EncodingJobRepository jobs;
    private final EncodingStatisticsService statistics;
    private final Clock clock;
    private final RouteHandlers<Project> handlers;
    private final RouteHandlers<Project> writeHandlers;

    /** {@code writeHandlers} authenticate the routes that change jobs (admin tokens only, see {@link AdminTokens}). */
    public EncodingJobsApi(EncodingJobRepository jobs, EncodingStatisticsService statistics, Clock clock,
                           RouteHandlers<Project> handlers, RouteHandlers<Project> writeHandlers) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.statistics = requireNonNull(statistics, "statistics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.handlers = requireNonNull(handlers, "handlers is null");
        this.writeHandlers = requireNonNull(writeHandlers, "writeHandlers is null");
    }

    public void register(HttpRouting.Builder routing) {
        routing.post(PREFIX + "/categories", writeHandlers.handler("POST " + PREFIX + "/categories", this::createCategory));
        routing.get(PREFIX + "/categories", handlers.handler("GET " + PREFIX + "/categories", this::listCategories));
        routing.post(PREFIX + "/jobs", writeHandlers.handler("POST " + PREFIX + "/jobs", this::createJob));
        routing.get(PREFIX + "/jobs", handlers.handler("GET " + PREFIX + "/jobs", this::listJobs));
        routing.get(PREFIX + "/jobs/{fileId}", handlers.handler("GET " + PREFIX + "/jobs/{fileId}", this::getJob));
        routing.post(PREFIX + "/jobs/{fileId}/status",
                writeHandlers.handler("POST " + PREFIX + "/jobs/{fileId}/status", this::transition));
        routing.get(PREFIX + "/statistics", handlers.handler("GET " + PREFIX + "/statistics", this::statistics));
    }

    private static JsonNode body(ServerRequest request) {
        try {
            String text = request.content().hasEntity() ? request.content().as(String.class) : "";
            JsonNode body = Json.MAPPER.readTree(text.isBlank() ? "{}" : text);
            if (!body.isObject()) {
                throw invalid("the request body must be a JSON object");
            }
            return body;
        } catch (IOException e) {
            throw invalid("the request body is not valid JSON");
        }
    }

    private static PlaytraceException invalid(String message) {
        return new PlaytraceException(ErrorCode.INVALID_PARAMETER, message);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw invalid(field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static Long whole(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw invalid(field + " must be an integer");
        }
        return value.asLong();
    }

    private static Double decimal(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(field + " must be a number");
        }
        return value.asDouble();
    }

    private static Integer integer(JsonNode body, String field) {
        Long value = whole(body, field);
        if (value != null && (value < 0 || value > Integer.MAX_VALUE)) {
            throw invalid(field + " is out of range");
        }
        return value == null ? null : value.intValue();
    }

    private JsonNode createCategory(Project project, RequestParameters parameters, ServerRequest request) {
        String name = text(body(request), "name", true);
        return data(category(jobs.createCategory(project.id(), name, clock.millis())));
    }

    private JsonNode listCategories(Project project, RequestParameters parameters, ServerRequest request) {
        int limit = parameters.integer("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        int page = parameters.integer("page", 1, Integer.MAX_VALUE).orElse(1);
        ArrayNode data = Json.array();
        jobs.listCategories(project.id(), (long) (page - 1) * limit, limit).forEach(c -> data.add(category(c)));
        ObjectNode body = Json.object();
        body.set("data", data);
        body.put("total_row_count", jobs.countCategories(project.id()));
        return body;
    }

    private JsonNode createJob(Project project, RequestParameters parameters, ServerRequest request) {
        JsonNode body = body(request);
        String fileId = text(body, "file_id", true);
        Long categoryId = whole(body, "category_id");
        if (categoryId != null && jobs.findCategory(project.id(), categoryId).isEmpty()) {
            throw invalid("category_id " + categoryId + " does not exist; create it with POST " + PREFIX + "/categories");
        }
        JsonNode input = body.path("input");
        if (!input.isMissingNode() && !input.isNull() && !input.isObject()) {
            throw invalid("input must be an object");
        }
        EncodingJob.Input metadata = new EncodingJob.Input(decimal(input, "duration_seconds"), text(input, "video_codec", false),
                whole(input, "video_bitrate_bps"), text(input, "profile", false), integer(input, "width"),
                integer(input, "height"), decimal(input, "framerate"), text(input, "audio_codec", false),
                whole(input, "audio_bitrate_bps"));
        EncodingJob job = EncodingJob.requested(project.id(), fileId, text(body, "file_name", false),
                text(body, "file_path", false), categoryId, metadata, clock.millis());
        jobs.createJob(job);
        return data(job(job));
    }

    private JsonNode listJobs(Project project, RequestParameters parameters, ServerRequest request) {
        int limit = parameters.integer("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        int page = parameters.integer("page", 1, Integer.MAX_VALUE).orElse(1);
        long fromMs = epochMs(parameters, "from", 0);
        long toMs = epochMs(parameters, "to", Long.MAX_VALUE);
        if (toMs < fromMs) {
            throw invalid("to must not be before from");
        }
        ArrayNode data = Json.array();
        jobs.listJobs(project.id(), fromMs, toMs, (long) (page - 1) * limit, limit).forEach(j -> data.add(job(j)));
        ObjectNode body = Json.object();
        body.set("data", data);
        body.put("total_row_count", jobs.countJobs(project.id(), fromMs, toMs));
        return body;
    }

    private static long epochMs(RequestParameters parameters, String name, long defaultMs) {
        return parameters.first(name).filter(text -> !text.isBlank()).map(text -> {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw invalid(name + " must be epoch milliseconds; got '" + text + "'");
            }
        }).orElse(defaultMs);
    }

    private JsonNode getJob(Project project, RequestParameters parameters, ServerRequest request) {
        return data(job(find(project, request)));
    }

    private EncodingJob find(Project project, ServerRequest request) {
        String fileId = request.path().pathParameters().get("fileId");
        return jobs.findJob(project.id(), fileId).orElseThrow(() ->
                new PlaytraceException(ErrorCode.NOT_FOUND, "no encoding job with file id '" + fileId + "'"));
    }

    /** {@code {"status": "running" | "complete" | "failure" | "canceled", "reason": "..."}}; a failure needs a reason. */
    private JsonNode transition(Project project, RequestParameters parameters, ServerRequest request) {
        JsonNode body = body(request);
        String statusName = text(body, "status", true);
        EncodingJobStatus next = EncodingJobStatus.byName(statusName).orElseThrow(() ->
                invalid("status must be one of running, complete, failure, canceled; got '" + statusName + "'"));
        String reason = text(body, "reason", false);
        if (next == EncodingJobStatus.FAILURE && reason == null) {
            throw invalid("a failure needs a reason");
        }
        EncodingJob current = find(project, request);
        EncodingJob moved = current.moveTo(next, clock.millis(), reason);
        if (!jobs.replaceJob(moved, current.status())) {
            throw new PlaytraceException(ErrorCode.CONFLICT, "job '" + current.fileId() + "' changed concurrently; read it again");
        }
        return data(job(moved));
    }

    /**
     * {@code GET /data/v1/encoding/statistics?timeframe[]=...&granularity=...}: statistics of the jobs requested in the
     * timeframe, computed by the store (see {@link EncodingStatisticsService} for the exact rules). A job is in the
     * timeframe when it was requested in {@code [start, end)}, the end cut at now; statuses are current ones.
     * <ul>
     *   <li>{@code jobs}: how many; {@code jobs_by_status}: how many are now waiting, running, complete, failure,
     *   canceled (every status, 0 included).</li>
     *   <li>{@code timeseries}: per bucket of request time ({@code granularity} or {@code group_by}: minute,
     *   five_minutes, ten_minutes, hour, day; default the native rule of metrics.md §5), every bucket from the one
     *   holding the start to the one holding the end, {@code {"bucket_start": ISO-8601, "jobs_by_status": {...}}}.</li>
     *   <li>{@code durations.encoding}: {@code ended - started} of the jobs now complete; {@code durations.waiting}:
     *   {@code started - requested} of the jobs that have started. Each {@code {"jobs", "median_ms", "p95_ms",
     *   "max_ms"}}: exact percentiles by linear interpolation between closest ranks (metrics.md §3.9), so a median
     *   may be half a millisecond; null without jobs.</li>
     *   <li>{@code categories}: per category with jobs ({@code category_id} and {@code name} null for jobs without
     *   one): {@code jobs}, {@code failures} (now failure), {@code failure_percentage} ({@code 100 * failures / jobs}),
     *   {@code top_failure_reason} (most frequent; ties: code-point order; null without failures); most failures
     *   first, then by name, jobs without a category last.</li>
     * </ul>
     * Envelope as the native API: {@code timeframe} in epoch seconds as requested, {@code meta.granularity}.
     * {@code filters[]} (view dimensions) do not apply to jobs and are refused.
     */
    private JsonNode statistics(Project project, RequestParameters parameters, ServerRequest request) {
        if (!parameters.all("filters").isEmpty()) {
            throw invalid("filters[] select views; encoding statistics take only timeframe[] and granularity");
        }
        TimeRange range = NativeRequests.timeframe(parameters, clock);
        EncodingStatistics answer = statistics.statistics(project.id(), range, NativeRequests.granularity(parameters));
        ObjectNode data = Json.object();
        data.put("jobs", answer.jobs());
        data.set("jobs_by_status", byStatus(answer.jobsByStatus()));
        ArrayNode timeseries = data.putArray("timeseries");
        for (EncodingStatistics.StatusBucket bucket : answer.timeseries()) {
            ObjectNode item = timeseries.addObject();
            item.put("bucket_start", ViewJson.iso(bucket.startMs()));
            item.set("jobs_by_status", byStatus(bucket.jobsByStatus()));
        }
        ObjectNode durations = data.putObject("durations");
        durations.set("encoding", durations(answer.encoding()));
        durations.set("waiting", durations(answer.waiting()));
        ArrayNode categories = data.putArray("categories");
        for (EncodingStatistics.CategoryStatistics category : answer.categories()) {
            ObjectNode item = categories.addObject();
            item.put("category_id", category.categoryId());
            item.put("name", category.name());
            item.put("jobs", category.jobs());
            item.put("failures", category.failures());
            item.put("failure_percentage", category.failurePercentage());
            item.put("top_failure_reason", category.topFailureReason());
        }
        ObjectNode meta = Json.object();
        meta.put("granularity", answer.granularity().wireName());
        return NativeApi.envelope(data, null, range, meta);
    }

    private static ObjectNode byStatus(Map<EncodingJobStatus, Long> counts) {
        ObjectNode item = Json.object();
        counts.forEach((status, jobs) -> item.put(status.wireName(), jobs));
        return item;
    }

    private static ObjectNode durations(EncodingStatistics.DurationSummary summary) {
        ObjectNode item = Json.object();
        item.put("jobs", summary.jobs());
        item.put("median_ms", summary.medianMs());
        item.put("p95_ms", summary.p95Ms());
        item.put("max_ms", summary.maxMs());
        return item;
    }

    private static ObjectNode data(ObjectNode item) {
        ObjectNode body = Json.object();
        body.set("data", item);
        return body;
    }

    private static ObjectNode category(EncodingCategory category) {
        ObjectNode item = Json.object();
        item.put("category_id", category.categoryId());
        item.put("name", category.name());
        item.put("created_at_ms", category.createdAtMs());
        return item;
    }

    private static ObjectNode job(EncodingJob job) {
        ObjectNode item = Json.object();
        item.put("file_id", job.fileId());
        item.put("file_name", job.fileName());
        item.put("file_path", job.filePath());
        item.put("category_id", job.categoryId());
        item.put("status", job.status().wireName());
        item.put("requested_at_ms", job.requestedAtMs());
        item.put("started_at_ms", job.startedAtMs());
        item.put("ended_at_ms", job.endedAtMs());
        item.put("failure_reason", job.failureReason());
        EncodingJob.Input input = job.input();
        ObjectNode metadata = item.putObject("input");
        metadata.put("duration_seconds", input.durationSeconds());
        metadata.put("video_codec", input.videoCodec());
        metadata.put("video_bitrate_bps", input.videoBitrateBps());
        metadata.put("profile", input.profile());
        metadata.put("width", input.width());
        metadata.put("height", input.height());
        metadata.put("framerate", input.framerate());
        metadata.put("audio_codec", input.audioCodec());
        metadata.put("audio_bitrate_bps", input.audioBitrateBps());
        return item;
    }
}
