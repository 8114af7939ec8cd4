package dev.playtrace.server.exports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.ExportFileReader;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.store.spi.ExportFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled export on a clock the test moves: a day is written once it is closed (midnight + view timeout +
 * flush + a minute) and none of its views is still open, one directory per project with a manifest that matches
 * the files.
 */
class DailyExportTest {
    private static final Instant NOON = Instant.parse("2026-11-20T12:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final Instant MIDNIGHT = Instant.parse("2026-11-21T00:00:00Z");

    @TempDir
    Path dataDir;
    @TempDir
    Path exportDir;

    @Test
    void aClosedDayIsWrittenOncePerProjectAfterItsLastViewClosed() throws IOException {
        MutableClock clock = new MutableClock(NOON);
        try (RunningServer server = RunningServer.start(RunningServer.config(dataDir)
                .withDailyExports(new DailyExportSettings(exportDir, ExportFormat.PARQUET)), clock);
             ExportFileReader reader = new ExportFileReader()) {
            ProjectAdmin.Credentials other = server.createProject("Other");
            post(server, clock, RunningServer.INGEST_KEY, "noon-view", NOON, 0, "viewstart", "play", "playing");
            post(server, clock, other.project().ingestKey(), "their-view", NOON, 0, "viewstart", "play", "playing");
            // a view that plays across midnight: its play request is on the 20th, its last event on the 21st
            Instant lateStart = Instant.parse("2026-11-20T23:58:00Z");
            post(server, clock, RunningServer.INGEST_KEY, "late-view", lateStart, 0, "viewstart", "play", "playing");
            post(server, clock, RunningServer.INGEST_KEY, "late-view", lateStart, 4 * 60_000 + 30_000, "timeupdate");
            server.flush();

            clock.set(MIDNIGHT.plusSeconds(180).toEpochMilli());
            server.flush();
            assertThat(server.server().runDueExports()).as("before midnight + view timeout + flush + 1 min").isEmpty();
            assertThat(DailyExporter.isExported(exportDir, RunningServer.PROJECT_ID, DAY)).isFalse();

            clock.set(MIDNIGHT.plusSeconds(181).toEpochMilli());
            server.flush();
            List<DayManifest> first = server.server().runDueExports();
            assertThat(first).as("the late view is still open; only the other project is written")
                    .extracting(DayManifest::projectId).containsExactly(other.project().id());

            clock.set(MIDNIGHT.plusSeconds(5 * 60).toEpochMilli());
            server.flush();
            List<DayManifest> second = server.server().runDueExports();
            assertThat(second).extracting(DayManifest::projectId).containsExactly(RunningServer.PROJECT_ID);
            assertThat(server.server().runDueExports()).as("a written day is not written again").isEmpty();

            Path day = DailyExporter.dayDirectory(exportDir, RunningServer.PROJECT_ID, DAY);
            try (Stream<Path> files = Files.list(day)) {
                assertThat(files.map(file -> file.getFileName().toString()).sorted().toList())
                        .as("no temporary file is left").containsExactly("events.parquet", "manifest.json", "views.parquet");
            }
            JsonNode manifest = Json.MAPPER.readTree(day.resolve("manifest.json").toFile());
            assertThat(manifest.path("project_id").asText()).isEqualTo(RunningServer.PROJECT_ID);
            assertThat(manifest.path("day").asText()).isEqualTo("2026-11-20");
            assertThat(manifest.path("format").asText()).isEqualTo("parquet");
            for (JsonNode file : manifest.path("files")) {
                Path path = day.resolve(file.path("file").asText());
                assertThat(DailyExporter.sha256Hex(path)).as(file.toString()).isEqualTo(file.path("sha256").asText());
                assertThat(Files.size(path)).isEqualTo(file.path("bytes").asLong());
                assertThat(reader.value("SELECT count(*) FROM read_parquet(?)", path)).isEqualTo(file.path("rows").asLong());
            }
            Path views = day.resolve("views.parquet");
            assertThat(reader.query("SELECT id, closed, property_id FROM read_parquet(?) ORDER BY id", views))
                    .containsExactly(List.of("late-view", true, RunningServer.PROJECT_ID),
                            List.of("noon-view", true, RunningServer.PROJECT_ID));
            String dayFrame = "timeframe[]=" + NOON.minusSeconds(12 * 3600).getEpochSecond() + "&timeframe[]="
                    + MIDNIGHT.getEpochSecond();
            assertThat(second.getFirst().rows(ExportTable.VIEWS)).isEqualTo(
                    server.get("/data/v1/metrics/views/overall?" + dayFrame).json().path("data").path("value").asLong());
            assertThat(second.getFirst().rows(ExportTable.EVENTS)).isEqualTo(7);

            Path theirs = DailyExporter.dayDirectory(exportDir, other.project().id(), DAY).resolve("views.parquet");
            assertThat(reader.query("SELECT id FROM read_parquet(?)", theirs)).containsExactly(List.of("their-view"));
        }
    }

    @Test
    void aDayWithViewsThatNeverCloseIsWrittenSixHoursAfterMidnight() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T23:00:00Z"));
        try (RunningServer server = RunningServer.start(RunningServer.config(dataDir)
                .withDailyExports(new DailyExportSettings(exportDir, ExportFormat.CSV)), clock)) {
            Instant start = Instant.parse("2026-11-20T23:00:00Z");
            post(server, clock, RunningServer.INGEST_KEY, "marathon", start, 0, "viewstart", "play", "playing");
            // an event a minute keeps the view open; the day is checked now and then, and just around the bound
            long boundMinutes = Duration.between(start, MIDNIGHT.plus(DailyExportScheduler.MAX_WAIT_FOR_OPEN_VIEWS)).toMinutes();
            Set<Long> checks = Set.of(5L, 120L, boundMinutes - 1, boundMinutes);
            for (long minutes = 1; minutes <= boundMinutes; minutes++) {
                post(server, clock, RunningServer.INGEST_KEY, "marathon", start, minutes * 60_000, "timeupdate");
                if (checks.contains(minutes)) {
                    server.flush();
                    List<DayManifest> written = server.server().runDueExports();
                    if (minutes < boundMinutes) {
                        assertThat(written).as("at " + clock.instant()).isEmpty();
                    } else {
                        assertThat(written).as("at " + clock.instant()).hasSize(1);
                        assertThat(written.getFirst().rows(ExportTable.VIEWS)).isEqualTo(1);
                    }
                }
            }
            assertThat(DailyExporter.isExported(exportDir, RunningServer.PROJECT_ID, DAY)).isTrue();
        }
    }

    private static void post(RunningServer server, MutableClock clock, String ingestKey, String viewId, Instant base,
                             long offsetMs, String... events) {
        clock.set(base.toEpochMilli() + offsetMs);
        BeaconBuilder beacon = new BeaconBuilder(ingestKey, base.toEpochMilli()).sentAt(offsetMs).view(viewId);
        // continue the view's sequence numbers across beacons: minutes of offset keep them increasing
        long sequence = offsetMs / 1_000 + 1;
        for (int i = 0; i < events.length; i++) {
            beacon.event((int) sequence + i, offsetMs + i * 400L, events[i], Map.of());
        }
        assertThat(server.postBeacon(beacon.build()).status()).isEqualTo(200);
    }
}
