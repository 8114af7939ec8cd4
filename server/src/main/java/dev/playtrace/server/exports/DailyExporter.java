package dev.playtrace.server.exports;

import dev.playtrace.model.TimeRange;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.query.sql.ViewSelection;
import dev.playtrace.server.http.Json;
import dev.playtrace.store.spi.ExportFormat;
import dev.playtrace.store.spi.ExportRepository;
import dev.playtrace.store.spi.ExportTarget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Writes one project's UTC day into {@code <root>/<project id>/<yyyy-mm-dd>/}: {@code views.<ext>}, {@code
 * events.<ext>} and {@code manifest.json}, atomically per file. The store writes both tables from one snapshot to
 * hidden temporary names in that directory; they are synced, hashed, then renamed over the final names (an atomic
 * replace on one file system), and the manifest is written the same way, last. An existing day is re-exported by
 * first deleting its manifest, so at every instant a day either has no manifest or a manifest that matches its
 * files.
 */
public final class DailyExporter {
    private static final int HASH_BUFFER_BYTES = 64 * 1024;

    private final ExportRepository exports;
    private final ExportSqlGenerator generator;
    private final Clock clock;

    public DailyExporter(ExportRepository exports, ExportSqlGenerator generator, Clock clock) {
        this.exports = requireNonNull(exports, "exports is null");
        this.generator = requireNonNull(generator, "generator is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The UTC day as a range of play request times. */
    public static TimeRange range(LocalDate day) {
        return new TimeRange(day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
    }

    /** {@code <root>/<project id, URL-encoded>/<yyyy-mm-dd>}. */
    public static Path dayDirectory(Path root, String projectId, LocalDate day) {
        String safeProject = URLEncoder.encode(projectId, StandardCharsets.UTF_8).replace(".", "%2E");
        return root.resolve(safeProject).resolve(day.toString());
    }

    /** True when the day's manifest exists, i.e. the day was exported completely. */
    public static boolean isExported(Path root, String projectId, LocalDate day) {
        return Files.isRegularFile(dayDirectory(root, projectId, day).resolve(DayManifest.FILE_NAME));
    }

    public DayManifest export(String projectId, LocalDate day, Path root, ExportFormat format) {
        Path directory = dayDirectory(root, projectId, day);
        ViewSelection selection = new ViewSelection(projectId, range(day), List.of());
        List<ExportTarget> targets = new ArrayList<>();
        List<Path> temporary = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (ExportTable table : ExportTable.values()) {
                Path file = temporaryName(directory, table.fileName() + "." + format.extension());
                temporary.add(file);
                targets.add(new ExportTarget(table.query(generator, selection), format, file));
            }
            List<Long> rows = exports.write(targets);
            List<DayManifest.FileEntry> entries = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                ExportTable table = ExportTable.values()[i];
                Path file = targets.get(i).file();
                sync(file);
                entries.add(new DayManifest.FileEntry(table, table.fileName() + "." + format.extension(),
                        rows.get(i), Files.size(file), sha256Hex(file)));
            }
            DayManifest manifest = new DayManifest(projectId, day, format, clock.instant(), entries);
            Path manifestFile = directory.resolve(DayManifest.FILE_NAME);
            Files.deleteIfExists(manifestFile);
            for (int i = 0; i < targets.size(); i++) {
                moveIntoPlace(targets.get(i).file(), directory.resolve(entries.get(i).file()));
            }
            Path manifestTemporary = temporaryName(directory, DayManifest.FILE_NAME);
            temporary.add(manifestTemporary);
            Files.write(manifestTemporary, Json.bytes(manifest.toJson()));
            sync(manifestTemporary);
            moveIntoPlace(manifestTemporary, manifestFile);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("could not export " + projectId + " " + day + " to " + directory, e);
        } finally {
            temporary.forEach(ExportTempFiles::deleteQuietly);
        }
    }

    private static Path temporaryName(Path directory, String finalName) {
        return directory.resolve("." + finalName + "." + UUID.randomUUID() + ".tmp");
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    static String sha256Hex(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[HASH_BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
