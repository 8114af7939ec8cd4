package dev.playtrace.server.cli;

import dev.playtrace.model.Project;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.exports.DailyExporter;
import dev.playtrace.server.exports.DayManifest;
import dev.playtrace.server.exports.ExportBackfill;
import dev.playtrace.server.exports.ExportTable;
import dev.playtrace.store.spi.ExportFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code playtrace export --from D --to D --dir DIR [--project P] [--format F]}: writes the daily export's files for
 * a range of closed UTC days (the server must be stopped: DuckDB allows one process per file), with a progress bar
 * on stderr.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export views and events of past UTC days, one directory per project and day, with a manifest.")
final class ExportCommand implements Runnable {
    private static final int BAR_WIDTH = 30;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    PlaytraceCommand.DataDirOption data = new PlaytraceCommand.DataDirOption();

    @Option(names = "--from", required = true, description = "First UTC day, yyyy-mm-dd.")
    String from;

    @Option(names = "--to", required = true, description = "Last UTC day, yyyy-mm-dd (included; it must be over).")
    String to;

    @Option(names = "--dir", required = true, description = "Directory to write <project>/<day>/ into.")
    Path directory;

    @Option(names = "--project", description = "Only this project id (default: every project).")
    String projectId;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet, csv or ndjson (default: ${DEFAULT-VALUE}).")
    String format;

    Clock clock = Clock.systemUTC();

    @Override
    public void run() {
        LocalDate first = day("--from", from);
        LocalDate last = day("--to", to);
        ExportFormat exportFormat = ExportFormat.byName(format).orElseThrow(() -> invalid(
                "--format must be parquet, csv or ndjson; got '" + format + "'"));
        if (last.isBefore(first)) {
            throw invalid("--to " + last + " is before --from " + first);
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!last.isBefore(today)) {
            throw invalid("--to " + last + " is not over yet (today is " + today + " UTC); export days up to "
                    + today.minusDays(1));
        }
        try (PlaytraceServer.StoreHandle store = PlaytraceServer.openStore(data.dataDir, data.storeUrlOrDefault())) {
            List<Project> projects = projectId == null ? store.projects().listProjects()
                    : List.of(store.projects().findProject(projectId).orElseThrow(() -> invalid(
                            "--project: no project with id '" + projectId + "'")));
            ExportSqlGenerator generator = new ExportSqlGenerator(store.store().views().dialect());
            PrintWriter err = spec.commandLine().getErr();
            new ExportBackfill(new DailyExporter(store.store().exports(), generator, clock))
                    .run(projects, first, last, directory, exportFormat, (done, total, manifest) ->
                    {
                        err.println(progressLine(done, total, manifest));
                        err.flush();
                    });
            err.println("wrote " + directory.toAbsolutePath());
            err.flush();
        }
    }

    static String progressLine(int done, int total, DayManifest manifest) {
        int filled = total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total;
        return "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total + "  "
                + manifest.projectId() + " " + manifest.day() + ": " + manifest.rows(ExportTable.VIEWS) + " views, "
                + manifest.rows(ExportTable.EVENTS) + " events";
    }

    private LocalDate day(String option, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(option + " must be a day as yyyy-mm-dd; got '" + text + "'");
        }
    }

    private CommandLine.ParameterException invalid(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
