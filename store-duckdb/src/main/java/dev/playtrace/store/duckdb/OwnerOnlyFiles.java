package dev.playtrace.store.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keeps the database's files readable by their owner only on POSIX file systems (directories 0700, files 0600); on
 * others it does nothing. DuckDB creates its file and its write-ahead log with the process umask (0644 under the
 * usual 022), so the file and the WAL are narrowed after DuckDB made them, and the directories this store creates are
 * 0700 from the start, which is what keeps other users out in between. A directory that already exists is the
 * operator's and is left as it is.
 */
final class OwnerOnlyFiles {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Creates the directory and its missing parents, each owner-only; existing ones are not changed. */
    static void createDirectories(Path directory) throws IOException {
        if (isPosix(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** The attributes that create a file owner-only ({@code rw-------}); none off POSIX. */
    static FileAttribute<?>[] fileAttributes(Path file) {
        return isPosix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Makes an existing file owner-only; a file that is not there (a WAL after a checkpoint) is skipped. */
    static void restrict(Path file) throws IOException {
        if (!isPosix(file)) {
            return;
        }
        try {
            if (!Files.getPosixFilePermissions(file).equals(FILE)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (NoSuchFileException absent) {
            // nothing to protect
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
