package dev.playtrace.store.duckdb;

import dev.playtrace.model.EncodingJob;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.PlaytraceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodingJobStoreTest {
    private final DuckDbStore store = DuckDbStore.inMemory();

    @AfterEach
    void close() {
        store.close();
    }

    private static EncodingJob job(String projectId, String fileId, long requestedAtMs) {
        return EncodingJob.requested(projectId, fileId, fileId + ".mp4", "/in/" + fileId + ".mp4", 1L,
                new EncodingJob.Input(12.5, "h264", 4_000_000L, "high", 1920, 1080, 29.97, "aac", 128_000L), requestedAtMs);
    }

    @Test
    void jobsRoundTripAndCountByStatusInTheirWindow() {
        store.createJob(job("p1", "f1", 1_000));
        store.createJob(job("p1", "f2", 2_000));
        store.createJob(job("p1", "f3", 5_000));
        store.createJob(job("p2", "f1", 1_500));
        EncodingJob running = store.findJob("p1", "f2").orElseThrow().moveTo(EncodingJobStatus.RUNNING, 2_500, null);
        assertThat(store.replaceJob(running, EncodingJobStatus.WAITING)).isTrue();
        assertThat(store.replaceJob(running, EncodingJobStatus.WAITING)).isFalse();

        assertThat(store.findJob("p1", "f1").orElseThrow()).isEqualTo(job("p1", "f1", 1_000));
        assertThat(store.findJob("p1", "f2").orElseThrow().startedAtMs()).isEqualTo(2_500L);
        assertThat(store.countJobsByStatus("p1", 0, 5_000)).containsEntry(EncodingJobStatus.WAITING, 1L)
                .containsEntry(EncodingJobStatus.RUNNING, 1L).containsEntry(EncodingJobStatus.COMPLETE, 0L).hasSize(5);
        assertThat(store.countJobs("p1", 0, 10_000)).isEqualTo(3);
        assertThat(store.listJobs("p1", 0, 10_000, 1, 1)).extracting(EncodingJob::fileId).containsExactly("f2");
        assertThatThrownBy(() -> store.createJob(job("p1", "f1", 9_000))).isInstanceOf(PlaytraceException.class);
    }

    @Test
    void categoriesGetIdsPerProject() {
        assertThat(store.createCategory("p1", "movies", 1).categoryId()).isEqualTo(1);
        assertThat(store.createCategory("p1", "shows", 2).categoryId()).isEqualTo(2);
        assertThat(store.createCategory("p2", "other", 3).categoryId()).isEqualTo(1);
        assertThat(store.listCategories("p1", 1, 10)).extracting(c -> c.name()).containsExactly("shows");
        assertThat(store.countCategories("p1")).isEqualTo(2);
        assertThat(store.findCategory("p2", 1).orElseThrow().name()).isEqualTo("other");
    }
}
