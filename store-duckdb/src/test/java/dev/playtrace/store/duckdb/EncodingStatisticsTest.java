package dev.playtrace.store.duckdb;

import dev.playtrace.model.EncodingJob;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.encoding.EncodingStatistics;
import dev.playtrace.query.encoding.EncodingStatistics.CategoryStatistics;
import dev.playtrace.query.encoding.EncodingStatistics.DurationSummary;
import dev.playtrace.query.encoding.EncodingStatisticsService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.playtrace.model.EncodingJobStatus.CANCELED;
import static dev.playtrace.model.EncodingJobStatus.COMPLETE;
import static dev.playtrace.model.EncodingJobStatus.FAILURE;
import static dev.playtrace.model.EncodingJobStatus.RUNNING;
import static dev.playtrace.model.EncodingJobStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

/**
 * Encoding statistics computed by the store's aggregation and the query layer's service, over known jobs whose
 * numbers are worked out by hand in each assertion.
 */
class EncodingStatisticsTest {
    private static final long DAY_START_MS = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final long HOUR_MS = 3_600_000L;
    private static final long NOW_MS = DAY_START_MS + 24 * HOUR_MS;
    private static final TimeRange DAY = new TimeRange(DAY_START_MS, NOW_MS);

    private final DuckDbStore store = DuckDbStore.inMemory();
    private final EncodingStatisticsService service = new EncodingStatisticsService(store,
            Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC));

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * Twelve jobs in the day (ten minutes past each hour unless said otherwise), plus three that must not count.
     * movies: a complete, b c d failed; shorts: e f g complete, h running; trailers: t1 t2 failed; none: i waiting,
     * j canceled.
     */
    private void reportJobs() {
        long movies = store.createCategory("p1", "movies", 0).categoryId();
        long shorts = store.createCategory("p1", "shorts", 0).categoryId();
        long trailers = store.createCategory("p1", "trailers", 0).categoryId();
        store.createCategory("p1", "unused", 0);
        job("a", movies, hour(1), 10_000, COMPLETE, 60_000, null);
        job("b", movies, hour(1) + 30 * 60_000, 20_000, FAILURE, 5_000, "codec not supported");
        job("c", movies, hour(5), 30_000, FAILURE, 5_000, "out of memory");
        job("d", movies, hour(6), 40_000, FAILURE, 5_000, "codec not supported");
        job("e", shorts, hour(2), 1_000, COMPLETE, 45_000, null);
        job("f", shorts, hour(3), 2_000, COMPLETE, 120_000, null);
        job("g", shorts, hour(4), 3_000, COMPLETE, 30_001, null);
        job("h", shorts, hour(7), 4_000, RUNNING, 0, null);
        job("i", null, hour(8), 0, WAITING, 0, null);
        job("j", null, hour(9), 5_000, CANCELED, 1_000, null);
        job("t1", trailers, hour(10), 6_000, FAILURE, 1_000, "timeout");
        job("t2", trailers, hour(11), 7_000, FAILURE, 1_000, "disk full");
        // outside the window or the project
        job("before", movies, DAY_START_MS - 1, 1, COMPLETE, 999_999, null);
        job("at-end", movies, NOW_MS, 1, FAILURE, 1, "too late");
        store.createJob(EncodingJob.requested("p2", "other", null, null, null, EncodingJob.Input.NONE, hour(3)));
    }

    private static long hour(int hour) {
        return DAY_START_MS + hour * HOUR_MS + 10 * 60_000;
    }

    private void job(String fileId, Long categoryId, long requestedAtMs, long waitMs, EncodingJobStatus status,
                     long encodeMs, String reason) {
        EncodingJob job = EncodingJob.requested("p1", fileId, fileId + ".mp4", null, categoryId, EncodingJob.Input.NONE,
                requestedAtMs);
        store.createJob(job);
        if (status == WAITING) {
            return;
        }
        EncodingJob running = job.moveTo(RUNNING, requestedAtMs + waitMs, null);
        assertThat(store.replaceJob(running, WAITING)).isTrue();
        if (status != RUNNING) {
            assertThat(store.replaceJob(running.moveTo(status, running.startedAtMs() + encodeMs, reason), RUNNING)).isTrue();
        }
    }

    @Test
    void aDayOfJobsCountsByCurrentStatusAndHourOfRequest() {
        reportJobs();
        EncodingStatistics statistics = service.statistics("p1", DAY, null);

        assertThat(statistics.granularity()).isEqualTo(Granularity.HOUR);
        assertThat(statistics.jobs()).isEqualTo(12);
        assertThat(statistics.jobsByStatus()).containsExactly(entry(WAITING, 1L), entry(RUNNING, 1L), entry(COMPLETE, 4L),
                entry(FAILURE, 5L), entry(CANCELED, 1L));
        assertThat(statistics.timeseries()).hasSize(24);
        assertThat(statistics.timeseries().getFirst().startMs()).isEqualTo(DAY_START_MS);
        assertThat(statistics.timeseries().get(1).jobsByStatus()).containsEntry(COMPLETE, 1L).containsEntry(FAILURE, 1L)
                .containsEntry(WAITING, 0L);
        assertThat(statistics.timeseries().get(8).jobsByStatus()).containsEntry(WAITING, 1L);
        assertThat(statistics.timeseries().get(12).jobsByStatus().values()).containsOnly(0L);
        long charted = statistics.timeseries().stream()
                .mapToLong(bucket -> bucket.jobsByStatus().values().stream().mapToLong(Long::longValue).sum()).sum();
        assertThat(charted).isEqualTo(12);
    }

    @Test
    void encodingDurationsOfCompleteJobsInterpolateBetweenClosestRanks() {
        reportJobs();
        DurationSummary encoding = service.statistics("p1", DAY, null).encoding();

        // complete jobs a e f g: 30001, 45000, 60000, 120000 ms (failed and canceled ones do not count)
        assertThat(encoding.jobs()).isEqualTo(4);
        assertThat(encoding.medianMs()).isEqualTo(52_500.0); // halfway between 45000 and 60000, not a nearest rank
        assertThat(encoding.p95Ms()).isCloseTo(111_000.0, within(1e-6)); // rank 2.85: 60000 + 0.85 * 60000
        assertThat(encoding.maxMs()).isEqualTo(120_000L);
    }

    @Test
    void waitingDurationsCoverEveryJobThatStarted() {
        reportJobs();
        DurationSummary waiting = service.statistics("p1", DAY, null).waiting();

        // all but i: 1000, 2000, 3000, 4000, 5000, 6000, 7000, 10000, 20000, 30000, 40000 ms
        assertThat(waiting.jobs()).isEqualTo(11);
        assertThat(waiting.medianMs()).isEqualTo(6_000.0);
        assertThat(waiting.p95Ms()).isCloseTo(35_000.0, within(1e-6)); // rank 9.5: halfway between 30000 and 40000
        assertThat(waiting.maxMs()).isEqualTo(40_000L);
    }

    @Test
    void categoriesListFailuresFirstWithTheMostFrequentReason() {
        reportJobs();
        assertThat(service.statistics("p1", DAY, null).categories()).containsExactly(
                new CategoryStatistics(1L, "movies", 4, 3, 75.0, "codec not supported"),
                new CategoryStatistics(3L, "trailers", 2, 2, 100.0, "disk full"), // a tie: code-point order
                new CategoryStatistics(2L, "shorts", 4, 0, 0.0, null),
                new CategoryStatistics(null, null, 2, 0, 0.0, null));
    }

    @Test
    void aWindowEndingAfterNowEndsNowAndAnEmptyOneHasNoDurations() {
        reportJobs();
        EncodingStatistics twoDays = service.statistics("p1", new TimeRange(DAY_START_MS, NOW_MS + 24 * HOUR_MS), null);
        assertThat(twoDays.window()).isEqualTo(DAY);
        assertThat(twoDays.timeseries()).hasSize(24);
        assertThat(twoDays.jobs()).isEqualTo(12);

        EncodingStatistics empty = service.statistics("p1", new TimeRange(NOW_MS - HOUR_MS, NOW_MS), Granularity.FIVE_MINUTES);
        assertThat(empty.jobs()).isZero();
        assertThat(empty.timeseries()).hasSize(12);
        assertThat(empty.encoding()).isEqualTo(new DurationSummary(0, null, null, null));
        assertThat(empty.waiting()).isEqualTo(new DurationSummary(0, null, null, null));
        assertThat(empty.categories()).isEmpty();
    }

    @Test
    void tooManyBucketsIsTheCallersMistake() {
        assertThatThrownBy(() -> service.statistics("p1", new TimeRange(0, NOW_MS), Granularity.MINUTE))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("coarser granularity");
    }
}
