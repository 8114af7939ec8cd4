package dev.playtrace.server.exports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /data/v1/exports/*} over HTTP at the concurrency limits: slots the test holds stand for exports running
 * (an export holds its slot from writing the file until it is sent); past a limit the answer is 429 with Retry-After
 * and the native error body, and every answer says {@code Accept-Ranges: none}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportLimitsApiTest {
    private static final Instant NOW = Instant.parse("2026-11-18T12:00:00Z");
    private static final String EXPORT = "/data/v1/exports/views?format=csv&timeframe[]="
            + (NOW.getEpochSecond() - 3_600) + "&timeframe[]=" + NOW.getEpochSecond();

    private RunningServer server;
    private ExportSlots slots;
    private ProjectAdmin.Credentials other;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = RunningServer.start(dataDir, new MutableClock(NOW));
        slots = server.server().exportSlots();
        other = server.createProject("Other");
    }

    /** An export of an earlier test frees its slot just after its client read the last byte, so maybe after it returned. */
    @BeforeEach
    void noExportStillRunning() {
        awaitNoExportRunning();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aProjectRunningAsManyExportsAsItMayGets429WithRetryAfterWhileOthersStillExport() {
        List<ExportSlots.Slot> running = hold(RunningServer.PROJECT_ID, ExportSlots.DEFAULT_PER_PROJECT);
        try {
            RunningServer.Response refused = server.get(EXPORT);
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isEqualTo("10");
            JsonNode error = refused.json().path("error");
            assertThat(error.path("type").asText()).isEqualTo("too_many_requests");
            assertThat(error.path("messages").toString()).contains("this project already runs 2 exports");

            assertThat(server.get(EXPORT, other.tokenId(), other.tokenSecret()).status())
                    .as("another project is not limited by this one's exports").isEqualTo(200);
            assertThat(server.get(EXPORT.replace("format=csv", "format=xml")).status())
                    .as("bad input is refused for what it is, before any limit").isEqualTo(400);
        } finally {
            running.forEach(ExportSlots.Slot::close);
        }
        assertThat(server.get(EXPORT).status()).isEqualTo(200);
        awaitNoExportRunning();
    }

    /** The handler frees the slot just after the last byte the client read. */
    private void awaitNoExportRunning() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (slots.running() > 0) {
            assertThat(System.nanoTime()).as("a finished export gives its slot back").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void aServerRunningAsManyExportsAsItMayRefusesEveryProject() {
        List<ExportSlots.Slot> running = new ArrayList<>();
        for (int i = 0; i < ExportSlots.DEFAULT_TOTAL; i++) {
            running.addAll(hold("proj_elsewhere_" + i, 1));
        }
        try {
            RunningServer.Response refused = server.get(EXPORT);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isEqualTo("10");
            assertThat(refused.body()).contains("the server already runs 4 exports");
        } finally {
            running.forEach(ExportSlots.Slot::close);
        }
        assertThat(server.get(EXPORT).status()).isEqualTo(200);
    }

    @Test
    void anExportIsNotResumableSoARangeRequestGetsTheWholeFileAndSaysSo() {
        RunningServer.Response whole = server.get(EXPORT);
        RunningServer.Response ranged = server.send(HttpRequest.newBuilder(server.uri(EXPORT))
                .header("Authorization", basic(RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET))
                .header("Range", "bytes=5-")
                .build());

        assertThat(whole.header("Accept-Ranges")).isEqualTo("none");
        assertThat(ranged.status()).isEqualTo(200);
        assertThat(ranged.header("Accept-Ranges")).isEqualTo("none");
        assertThat(ranged.header("Content-Range")).isNull();
        assertThat(ranged.body()).isEqualTo(whole.body()).startsWith("id,view_id,");
    }

    private List<ExportSlots.Slot> hold(String projectId, int count) {
        List<ExportSlots.Slot> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            held.add(slots.acquire(projectId));
        }
        return held;
    }

    private static String basic(String tokenId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((tokenId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
