package dev.playtrace.server.cli;

import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.exports.DailyExporter;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.ExportFileReader;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code playtrace export} on a stopped server's data directory: every project and day, with progress on stderr. */
class ExportCommandTest {
    private static final Instant DAY_ONE = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant DAY_TWO = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dataDir;
    @TempDir
    Path out;

    @Test
    void backfillsEachProjectAndDayWithTheMetricsViewCounts() {
        Map<String, Long> viewsPerProjectDay = new HashMap<>();
        String otherProject;
        MutableClock clock = new MutableClock(DAY_ONE);
        try (RunningServer server = RunningServer.start(dataDir, clock)) {
            ProjectAdmin.Credentials other = server.createProject("Other");
            otherProject = other.project().id();
            post(server, clock, RunningServer.INGEST_KEY, DAY_ONE, "a1", "a2", "a3");
            post(server, clock, RunningServer.INGEST_KEY, DAY_TWO, "b1");
            post(server, clock, other.project().ingestKey(), DAY_TWO, "c1", "c2");
            clock.set(DAY_TWO.plusSeconds(3600).toEpochMilli());
            server.flush();
            for (Instant day : new Instant[] {DAY_ONE, DAY_TWO}) {
                String frame = "timeframe[]=" + (day.getEpochSecond() - 10 * 3600) + "&timeframe[]="
                        + (day.getEpochSecond() + 14 * 3600);
                viewsPerProjectDay.put(RunningServer.PROJECT_ID + day, server.get("/data/v1/metrics/views/overall?" + frame)
                        .json().path("data").path("value").asLong());
                viewsPerProjectDay.put(otherProject + day, server.get("/data/v1/metrics/views/overall?" + frame,
                        other.tokenId(), other.tokenSecret()).json().path("data").path("value").asLong());
            }
        }
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new PlaytraceCommand()).setErr(new PrintWriter(err)).execute("export",
                "--data-dir", dataDir.toString(), "--from", "2026-11-20", "--to", "2026-11-21", "--dir", out.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString().lines().filter(line -> line.startsWith("[")).toList()).hasSize(4)
                .last().asString().startsWith("[" + "#".repeat(30) + "] 4/4");
        try (ExportFileReader reader = new ExportFileReader()) {
            for (String project : new String[] {RunningServer.PROJECT_ID, otherProject}) {
                for (Instant day : new Instant[] {DAY_ONE, DAY_TWO}) {
                    Path views = DailyExporter.dayDirectory(out, project, LocalDate.ofInstant(day, java.time.ZoneOffset.UTC))
                            .resolve("views.parquet");
                    assertThat(reader.value("SELECT count(*) FROM read_parquet(?)", views)).as(project + " " + day)
                            .isEqualTo(viewsPerProjectDay.get(project + day));
                }
            }
        }
        assertThat(viewsPerProjectDay.values()).containsExactlyInAnyOrder(3L, 1L, 0L, 2L);
    }

    @Test
    void aDayNotOverYetOrAnUnknownFormatIsRefusedNamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new PlaytraceCommand()).setErr(new PrintWriter(err));

        int exit = command.execute("export", "--data-dir", dataDir.toString(), "--from", "2026-11-20",
                "--to", "2999-01-01", "--dir", out.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--to 2999-01-01 is not over yet");

        exit = command.execute("export", "--data-dir", dataDir.toString(), "--from", "2026-11-20",
                "--to", "2026-11-21", "--dir", out.toString(), "--format", "xlsx");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--format must be parquet, csv or ndjson; got 'xlsx'");
    }

    private static void post(RunningServer server, MutableClock clock, String ingestKey, Instant at, String... views) {
        clock.set(at.toEpochMilli() + 1_000);
        for (String view : views) {
            assertThat(server.postBeacon(new BeaconBuilder(ingestKey, at.toEpochMilli()).sentAt(1_000).view(view)
                    .at(0, "viewstart").at(0, "play").at(600, "playing").build()).status()).isEqualTo(200);
        }
    }
}
