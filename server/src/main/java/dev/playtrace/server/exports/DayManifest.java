package dev.playtrace.server.exports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.Json;
import dev.playtrace.store.spi.ExportFormat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What {@code manifest.json} says about one project's day: the selection, the format, and each file with its rows,
 * bytes and SHA-256. Written last, so a day whose manifest exists is complete and matches it.
 */
public record DayManifest(String projectId, LocalDate day, ExportFormat format, Instant writtenAt, List<FileEntry> files) {
    public static final String FILE_NAME = "manifest.json";

    public DayManifest {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(day, "day is null");
        requireNonNull(format, "format is null");
        requireNonNull(writtenAt, "writtenAt is null");
        files = List.copyOf(files);
    }

    /** One exported file, named relative to the day's directory. */
    public record FileEntry(ExportTable table, String file, long rows, long bytes, String sha256Hex) {
        public FileEntry {
            requireNonNull(table, "table is null");
            requireNonNull(file, "file is null");
            requireNonNull(sha256Hex, "sha256Hex is null");
        }
    }

    public long rows(ExportTable table) {
        return files.stream().filter(file -> file.table() == table).mapToLong(FileEntry::rows).sum();
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("project_id", projectId);
        json.put("day", day.toString());
        json.put("from", day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC).toString());
        json.put("to", day.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).toString());
        json.put("selection", "views: every view whose play request lies in [from, to) (UTC), as the views metric"
                + " counts them; events: every stored event of those views");
        json.put("format", format.extension());
        json.put("written_at", writtenAt.toString());
        ArrayNode list = json.putArray("files");
        for (FileEntry file : files) {
            ObjectNode entry = list.addObject();
            entry.put("table", file.table().fileName());
            entry.put("file", file.file());
            entry.put("rows", file.rows());
            entry.put("bytes", file.bytes());
            entry.put("sha256", file.sha256Hex());
        }
        return json;
    }
}
