package dev.playtrace.store.spi;

import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A file format rows are exported in, with its file extension and media type. */
public enum ExportFormat {
    /** RFC 4180 CSV with a header row; timestamps as ISO-8601 text in UTC, nulls as empty fields. */
    CSV("csv", "text/csv; charset=utf-8"),
    /** One JSON object per line; timestamps as ISO-8601 text in UTC, JSON columns embedded as JSON. */
    NDJSON("ndjson", "application/x-ndjson"),
    /** Apache Parquet; timestamps as TIMESTAMP (microseconds, adjusted to UTC), JSON columns as JSON strings. */
    PARQUET("parquet", "application/vnd.apache.parquet");

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The file extension and the name users type ({@code csv}, {@code ndjson}, {@code parquet}). */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format named {@code csv}, {@code ndjson} or {@code parquet}, any case; empty for any other name. */
    public static Optional<ExportFormat> byName(String name) {
        requireNonNull(name, "name is null");
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ExportFormat format : values()) {
            if (format.extension.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
