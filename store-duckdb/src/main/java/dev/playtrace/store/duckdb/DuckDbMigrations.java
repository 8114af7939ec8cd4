package dev.playtrace.store.duckdb;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Brings a database's schema to the newest version this build knows, with Flyway and the SQL scripts in
 * {@value #LOCATION} ({@code V<n>__<what>.sql}, never edited once released; Flyway checks their checksums).
 *
 * <p>Before any script runs on a database that holds data, the database file is copied next to itself with the
 * version it had in the name ({@link #backupPath}). A database from a newer build (a version above the newest
 * script here) is refused, untouched. A database the last release before versioned schemas created has the tables of
 * version 1 and no schema history; it is recorded as version 1 (a Flyway baseline) once those tables are checked.
 *
 * <p>Flyway pieces: {@code flyway-core} 13 and the community {@code flyway-database-duckdb} module, whose newest
 * release (10.24.0) is built against flyway-core 11 but loads and runs under 13 (this store's tests prove it; the
 * module is not published at 13.x). ClickHouse, for a later store: {@code org.flywaydb:flyway-database-clickhouse}
 * from the same community project and version line keeps the history in a MergeTree table (ReplicatedMergeTree
 * {@code ON CLUSTER} when a cluster name and ZooKeeper path are configured) and talks through the official
 * {@code clickhouse-jdbc} driver (built against 0.5.0; the stack notes found 0.11.0 failing against ClickHouse 18.16).
 * It declares no DDL transactions, so a script failing half-way is not rolled back: one statement per script,
 * written to be rerun ({@code IF NOT EXISTS}), is the safe shape there.
 */
final class DuckDbMigrations {
    static final String LOCATION = "classpath:dev/playtrace/store/duckdb/migrations";
    static final String HISTORY_TABLE = "flyway_schema_history";
    /** The version of the tables the last release before versioned schemas created (see {@code V1__*.sql}). */
    static final MigrationVersion UNVERSIONED_RELEASE = MigrationVersion.fromVersion("1");
    /** The tables of version 1, all present in a database that release created. */
    static final List<String> VERSION_1_TABLES = List.of("views", "events", DuckDbSchema.PROJECTS, DuckDbSchema.TOKENS,
            DuckDbSchema.CREDENTIALS, DuckDbSchema.ENCODING_CATEGORIES, DuckDbSchema.ENCODING_JOBS, IngestPosition.TABLE);

    private static final Logger LOG = Logger.getLogger(DuckDbMigrations.class.getName());

    private DuckDbMigrations() {
    }

    /**
     * Migrates the database of the connections forward; {@code databaseFile} is empty for an in-memory database
     * (nothing to back up). Runs before the store serves anything, with no other connection in a transaction.
     */
    static void migrate(DuckDbConnections connections, Optional<Path> databaseFile) {
        Flyway flyway = Flyway.configure(DuckDbMigrations.class.getClassLoader())
                .dataSource(new DuplicatingDataSource(connections))
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .baselineVersion(UNVERSIONED_RELEASE)
                .baselineDescription("tables of the release before versioned schemas")
                .load();
        try {
            MigrationInfoService info = flyway.info();
            MigrationVersion newestKnown = newestKnown(info);
            Optional<MigrationVersion> current = hasTable(connections, HISTORY_TABLE)
                    ? newestApplied(info)
                    : unversionedVersion(connections);
            if (current.isPresent() && current.get().compareTo(newestKnown) > 0) {
                throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the database" + describe(databaseFile)
                        + " has schema version " + current.get() + ", newer than version " + newestKnown
                        + ", the newest this Playtrace knows: it was written by a newer Playtrace. Run that version"
                        + " (or newer), or restore a backup made before the upgrade; it was not changed");
            }
            if (current.isPresent() && current.get().equals(newestKnown) && appliedAsResolved(info)) {
                return;
            }
            if (current.isPresent() && current.get().compareTo(newestKnown) < 0 && databaseFile.isPresent()) {
                Path backup = backUp(connections, databaseFile.get(), current.get());
                LOG.info("backed up " + databaseFile.get() + " (schema version " + current.get() + ") to " + backup
                        + " before migrating it to version " + newestKnown);
            }
            if (current.isPresent() && !hasTable(connections, HISTORY_TABLE)) {
                flyway.baseline();
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "cannot migrate the database" + describe(databaseFile)
                    + " to the schema of this Playtrace: " + e.getMessage(), e);
        }
    }

    /**
     * Where the copy of a database at a schema version goes: beside it, {@code <name>.schema-v<version>.bak}, or with a
     * counter when that name is taken (an earlier backup is never overwritten).
     */
    static Path backupPath(Path databaseFile, MigrationVersion version) {
        String stem = databaseFile.getFileName() + ".schema-v" + version;
        Path candidate = databaseFile.resolveSibling(stem + ".bak");
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = databaseFile.resolveSibling(stem + "." + n + ".bak");
        }
        return candidate;
    }

    /**
     * Checkpoints (the file then holds every committed change and no WAL is needed) and copies the file, owner-only,
     * synced to disk. Nothing else writes meanwhile: the store is not open for use yet.
     */
    private static Path backUp(DuckDbConnections connections, Path databaseFile, MigrationVersion version) {
        try {
            try (Connection connection = connections.newConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
            Path backup = backupPath(databaseFile, version);
            try (FileChannel source = FileChannel.open(databaseFile, StandardOpenOption.READ);
                 FileChannel target = FileChannel.open(backup, Set.of(StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE), OwnerOnlyFiles.fileAttributes(backup))) {
                long size = source.size();
                for (long copied = 0; copied < size; ) {
                    copied += source.transferTo(copied, size - copied, target);
                }
                target.force(true);
            }
            return backup;
        } catch (FileAlreadyExistsException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "another backup appeared at " + e.getFile()
                    + " while backing up " + databaseFile + "; not migrating", e);
        } catch (IOException | SQLException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "cannot back up " + databaseFile
                    + " before migrating its schema from version " + version + "; not migrating", e);
        }
    }

    /**
     * The version of a database without schema history: none when it is empty, 1 when it has the release's tables;
     * anything else is not a database Playtrace can take over.
     */
    private static Optional<MigrationVersion> unversionedVersion(DuckDbConnections connections) {
        List<String> tables = tables(connections);
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        List<String> missing = VERSION_1_TABLES.stream().filter(table -> !tables.contains(table)).toList();
        if (!missing.isEmpty()) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the database has tables " + tables
                    + " but no schema version, and lacks " + missing + " of the first Playtrace release; it was"
                    + " not created by a released Playtrace, so it is not migrated");
        }
        return Optional.of(UNVERSIONED_RELEASE);
    }

    private static MigrationVersion newestKnown(MigrationInfoService info) {
        return Arrays.stream(info.all())
                .filter(MigrationInfo::isVersioned)
                .filter(migration -> migration.getPhysicalLocation() != null && !migration.getPhysicalLocation().isEmpty())
                .map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo)
                .orElseThrow(() -> new PlaytraceException(ErrorCode.STORE_FAILURE,
                        "no schema migrations found at " + LOCATION));
    }

    /**
     * Every applied migration succeeded and matches its script (a start on an up-to-date database then skips
     * {@code migrate()}, the second Flyway command; otherwise migrate validates and says what differs).
     */
    private static boolean appliedAsResolved(MigrationInfoService info) {
        return Arrays.stream(info.applied()).allMatch(migration -> switch (migration.getState()) {
            case SUCCESS -> migration.isChecksumMatching();
            case BASELINE -> true;
            default -> false;
        });
    }

    private static Optional<MigrationVersion> newestApplied(MigrationInfoService info) {
        return Arrays.stream(info.applied())
                .filter(MigrationInfo::isVersioned)
                .map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo);
    }

    private static boolean hasTable(DuckDbConnections connections, String table) {
        return tables(connections).contains(table);
    }

    private static List<String> tables(DuckDbConnections connections) {
        try (Connection connection = connections.newConnection()) {
            return JdbcRows.select(connection, "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                            + " AND schema_name = 'main' ORDER BY table_name", List.of()).stream()
                    .map(row -> row[0].toString())
                    .toList();
        } catch (SQLException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "cannot list the database's tables", e);
        }
    }

    private static String describe(Optional<Path> databaseFile) {
        return databaseFile.map(file -> " " + file).orElse("");
    }

    /**
     * Hands Flyway new connections to the store's database ({@link DuckDbConnections#newConnection()}): a second
     * {@code DriverManager} connection would not reach an in-memory database, and Flyway closes what it gets.
     */
    private record DuplicatingDataSource(DuckDbConnections connections) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return connections.newConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return connections.newConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
