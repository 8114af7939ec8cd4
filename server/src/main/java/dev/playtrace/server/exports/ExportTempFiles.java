package dev.playtrace.server.exports;

import dev.playtrace.server.OwnerOnlyDirectories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The directory in the data directory where HTTP exports are written before they are streamed: one file per request,
 * deleted when the response is sent (or failed). Whatever a crash left there is deleted when the server starts.
 */
public final class ExportTempFiles {
    private static final Logger LOG = Logger.getLogger(ExportTempFiles.class.getName());
    /** Under the data directory, beside the database (so an export does not fill another file system). */
    public static final String DIRECTORY = "export-tmp";

    private final Path directory;

    private ExportTempFiles(Path directory) {
        this.directory = directory;
    }

    /** Creates {@code <data dir>/export-tmp} and deletes files a previous run left in it. */
    public static ExportTempFiles open(Path dataDir) {
        Path directory = requireNonNull(dataDir, "dataDir is null").resolve(DIRECTORY);
        try {
            OwnerOnlyDirectories.create(directory);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory)) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the export directory " + directory, e);
        }
        return new ExportTempFiles(directory);
    }

    /** A new, not yet existing file name with the extension. */
    public Path newFile(String extension) {
        return directory.resolve(UUID.randomUUID() + "." + extension);
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("could not delete the export file " + file + ": " + e);
        }
    }
}
