package dev.playtrace.server.exports;

import dev.playtrace.store.spi.ExportFormat;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/** The scheduled daily export: where ({@code serve --export-dir}) and in which format ({@code --export-format}). */
public record DailyExportSettings(Path directory, ExportFormat format) {
    public DailyExportSettings {
        requireNonNull(directory, "directory is null");
        requireNonNull(format, "format is null");
    }
}
