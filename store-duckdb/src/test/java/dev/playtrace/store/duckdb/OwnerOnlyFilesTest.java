package dev.playtrace.store.duckdb;

import dev.playtrace.model.Project;
import dev.playtrace.store.spi.SqlStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Another local user cannot read the store: its directories are 0700, the database file and its WAL 0600. */
class OwnerOnlyFilesTest {
    private static final long T0 = 1_704_067_200_000L;

    @TempDir
    Path directory;

    @BeforeEach
    void posixOnly() {
        assumeThat(directory.getFileSystem().supportedFileAttributeViews()).contains("posix");
    }

    @Test
    void aStoreOpenedInAFreshDirectoryKeepsItsDirectoriesFileAndWalOwnerOnly() throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = directory.resolve("data/nested/playtrace.duckdb");

        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.saveProject(new Project("p1", "Demo", "key-1", T0));
            Path wal = DuckDbStore.walOf(file);
            assertThat(wal).as("a committed write is in the WAL until a checkpoint").exists();
            assertThat(mode(wal)).isEqualTo("rw-------");
            assertThat(mode(file)).isEqualTo("rw-------");
            assertThat(mode(directory.resolve("data"))).isEqualTo("rwx------");
            assertThat(mode(directory.resolve("data/nested"))).isEqualTo("rwx------");
        }
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(directory)).as("a directory that existed is the operator's, left as it was").isEqualTo("rwxr-xr-x");
    }

    @Test
    void aDatabaseFileAnOlderReleaseLeftReadableByOthersIsNarrowedOnOpen() throws IOException {
        Path file = directory.resolve("playtrace.duckdb");
        DuckDbStore.open(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        DuckDbStore.open(file).close();

        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aWalMadeAnewAfterACheckpointIsNarrowedAtTheNextCommit() throws Exception {
        Path file = directory.resolve("playtrace.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            store.saveProject(new Project("p1", "Demo", "key-1", T0));
            store.select(new SqlStatement("CHECKPOINT", List.of()));
            assertThat(DuckDbStore.walOf(file)).as("DuckDB removes the WAL at a checkpoint").doesNotExist();

            store.saveProject(new Project("p2", "Other", "key-2", T0));

            assertThat(mode(DuckDbStore.walOf(file))).isEqualTo("rw-------");
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
