package dev.playtrace.store.spi;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/** Where and how one export is written: its rows, the format, and the file (replaced if it exists). */
public record ExportTarget(ExportQuery query, ExportFormat format, Path file) {
    public ExportTarget {
        requireNonNull(query, "query is null");
        requireNonNull(format, "format is null");
        requireNonNull(file, "file is null");
    }
}
