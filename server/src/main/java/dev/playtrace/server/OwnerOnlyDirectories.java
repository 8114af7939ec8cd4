package dev.playtrace.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates directories that hold tenants' data owner-only (0700 on POSIX), and narrows an existing one that an older
 * release or a careless umask made readable by others.
 */
public final class OwnerOnlyDirectories {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyDirectories() {
    }

    public static Path create(Path directory) {
        try {
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY)) {
                    Files.setPosixFilePermissions(directory, OWNER_ONLY);
                }
            } else {
                Files.createDirectories(directory);
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + directory, e);
        }
    }
}
