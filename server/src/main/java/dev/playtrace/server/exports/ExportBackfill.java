package dev.playtrace.server.exports;

import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ExportFormat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Exports a range of UTC days for some projects, day after day, with the same files and manifests as the daily
 * export (days already exported are written again); {@code playtrace export} runs it.
 */
public final class ExportBackfill {
    /** Told after each project-day. */
    @FunctionalInterface
    public interface Progress {
        void dayDone(int done, int total, DayManifest manifest);
    }

    private final DailyExporter exporter;

    public ExportBackfill(DailyExporter exporter) {
        this.exporter = requireNonNull(exporter, "exporter is null");
    }

    /** Days {@code from} through {@code to}, both included. */
    public List<DayManifest> run(List<Project> projects, LocalDate from, LocalDate to, Path root, ExportFormat format,
                                 Progress progress) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        int total = Math.toIntExact((to.toEpochDay() - from.toEpochDay() + 1) * projects.size());
        List<DayManifest> written = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            for (Project project : projects) {
                DayManifest manifest = exporter.export(project.id(), day, root, format);
                written.add(manifest);
                progress.dayDone(written.size(), total, manifest);
            }
        }
        return written;
    }
}
