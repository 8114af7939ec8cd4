package dev.playtrace.server;

import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** No other local user can read what a running server keeps: every directory under the data directory is 0700, every file 0600. */
class DataDirectoryPermissionsTest {
    @TempDir
    Path parent;

    @Test
    void everythingUnderTheDataDirectoryIsOwnerOnlyIncludingADirectoryAnOlderReleaseMadeReadable() throws IOException {
        assumeThat(parent.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path dataDir = parent.resolve("data");
        Files.createDirectory(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Instant start = Instant.parse("2026-11-20T11:00:00Z");
        MutableClock clock = new MutableClock(start);

        try (RunningServer server = RunningServer.start(dataDir, clock)) {
            String beacon = new BeaconBuilder(RunningServer.INGEST_KEY, start.toEpochMilli()).view("v1")
                    .at(0, "viewstart").at(0, "play").at(800, "playing").sentAt(800).build();
            assertThat(server.postBeacon(beacon).status()).isEqualTo(200);

            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dataDir)) {
                paths = walk.toList();
            }
            assertThat(paths).contains(dataDir.resolve("playtrace.duckdb"), dataDir.resolve("ingest-log"));
            assertThat(paths).allSatisfy(path -> assertThat(mode(path)).as(dataDir.relativize(path).toString())
                    .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------"));
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
