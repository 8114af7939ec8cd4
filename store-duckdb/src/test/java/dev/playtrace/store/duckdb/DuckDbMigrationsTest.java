package dev.playtrace.store.duckdb;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Credential;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.EncodingCategory;
import dev.playtrace.model.EncodingJob;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Query;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.query.sql.DuckDbDialect;
import dev.playtrace.store.conformance.ViewBuilder;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.RateLimitBucket;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewTable;
import org.duckdb.DuckDBConnection;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Upgrades keep the data: a database the previous release (commit 8885822, before versioned schemas) wrote is opened
 * by today's store, backed up, migrated, and reads back unchanged; one from a newer build is refused untouched.
 */
class DuckDbMigrationsTest {
    private static final long T0 = 1_704_067_200_000L;
    private static final TimeRange DAY = new TimeRange(T0, T0 + 86_400_000L);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 86_400_000L), ZoneOffset.UTC);
    /**
     * The tables of the newest schema version, plus the hourly rollup and histograms the store derives from the views
     * when it opens.
     */
    private static final List<String> LATEST_TABLES = List.of("alert_incidents", "alert_rules", "api_tokens",
            "credentials", "encoding_categories", "encoding_jobs", "events", "flyway_schema_history", "ingest_position",
            "issued_tokens", "projects", "rate_limit_buckets", "view_histogram_hourly", "view_rollup_five_minute",
            "view_rollup_hourly", "view_rollup_video_hourly", "viewer_sequence", "viewer_sequence_hourly", "views",
            "webhook_attempts", "webhook_deliveries");

    @TempDir
    Path directory;

    @Test
    void aDatabaseOfThePreviousReleaseIsBackedUpMigratedAndReadsBackEveryViewUnchanged() throws Exception {
        Path file = directory.resolve("playtrace.duckdb");
        PreviousReleaseData data = PreviousReleaseData.create();
        writeWithPreviousReleaseSchema(file, data);

        try (DuckDbStore store = DuckDbStore.open(file)) {
            QueryEngine engine = new QueryEngine(store, CLOCK);
            for (View view : data.views()) {
                assertThat(engine.view(view.projectId(), view.viewId())).contains(view);
            }
            assertThat(store.select(new SqlStatement("SELECT count(*) AS view_count FROM views", List.of()))
                    .getFirst().longOrZero("view_count")).isEqualTo(data.views().size() * 1L);
            try (DuckDbStore reference = DuckDbStore.inMemory()) {
                reference.upsertViews(data.views());
                QueryEngine referenceEngine = new QueryEngine(reference, CLOCK);
                for (String metric : List.of("plays", "views", "video_startup_time", "rebuffer_percentage")) {
                    assertThat(engine.run(Query.of("p1", metric, DAY)).total().value()).as(metric)
                            .isEqualTo(referenceEngine.run(Query.of("p1", metric, DAY)).total().value());
                }
            }
            for (View view : data.views()) {
                List<PlayerEvent> expected = data.events().stream()
                        .filter(event -> event.projectId().equals(view.projectId()) && event.viewId().equals(view.viewId()))
                        .toList();
                assertThat(store.loadEvents(view.projectId(), view.viewId())).isEqualTo(expected);
            }
            assertThat(store.listProjects()).containsExactlyElementsOf(data.projects());
            assertThat(store.findToken("tok-1")).contains(data.token());
            assertThat(store.findCredential("vpe", "key-1")).contains(data.credential());
            assertThat(store.findCategory("p1", 1)).contains(new EncodingCategory("p1", 1, "Movies", T0));
            assertThat(store.findJob("p1", "file-1")).contains(data.job());
            assertThat(store.storedBusPosition()).isEqualTo(4242L);

            IssuedToken issued = new IssuedToken("ab".repeat(32), "apivideo-access", "p1", "key-1", T0, T0 + 3_600_000L);
            store.saveIssuedToken(issued);
            assertThat(store.findActiveToken(issued.tokenSha256Hex(), T0 + 1)).contains(issued);
            RateLimitBucket bucket = new RateLimitBucket("apivideo:key-1", 59.0, T0);
            assertThat(store.insertBucket(bucket)).isTrue();
            assertThat(store.findBucket("apivideo:key-1")).contains(bucket);
        }

        assertThat(historyVersions(file)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(tables(file)).containsExactlyElementsOf(LATEST_TABLES);
        Path backup = directory.resolve("playtrace.duckdb.schema-v1.bak");
        assertThat(backupsIn(directory)).containsExactly(backup);
        assertThat(tables(backup)).containsExactlyInAnyOrderElementsOf(DuckDbMigrations.VERSION_1_TABLES);
        assertThat(countRows(backup, "views")).isEqualTo(data.views().size());
        assertThat(countRows(backup, "events")).isEqualTo(data.events().size());
        if (isPosix()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        }

        try (DuckDbStore reopened = DuckDbStore.open(file)) {
            assertThat(new QueryEngine(reopened, CLOCK).view("p1", "v1")).contains(data.views().getFirst());
        }
        assertThat(backupsIn(directory)).as("nothing to migrate, nothing backed up").containsExactly(backup);
    }

    @Test
    void theMigratedSchemaEqualsAFreshOneAndTheTablesTheDialectGeneratesFromTheLayout() throws Exception {
        Path previous = directory.resolve("previous.duckdb");
        writeWithPreviousReleaseSchema(previous, PreviousReleaseData.create());
        DuckDbStore.open(previous).close();
        Path fresh = directory.resolve("fresh.duckdb");
        DuckDbStore.open(fresh).close();

        Map<String, String> migrated = tableDefinitions(previous);
        assertThat(migrated).isEqualTo(tableDefinitions(fresh));

        Path generated = directory.resolve("generated.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + generated);
             Statement statement = connection.createStatement()) {
            statement.execute(DuckDbDialect.INSTANCE.createTable(ViewTable.layout()));
            statement.execute(DuckDbDialect.INSTANCE.createTable(EventTable.layout()));
        }
        Map<String, String> fromLayout = tableDefinitions(generated);
        assertThat(migrated.get("views")).isEqualTo(fromLayout.get("views"));
        assertThat(migrated.get("events")).isEqualTo(fromLayout.get("events"));
    }

    @Test
    void aDatabaseOfMainBeforeVersionedSchemasKeepsItsIssuedTokensAndGetsTheSameSchema() throws Exception {
        Path file = directory.resolve("main.duckdb");
        writeWithPreviousReleaseSchema(file, PreviousReleaseData.create());
        IssuedToken issued = new IssuedToken("ef".repeat(32), "smartsight-refresh", "p1", "alice", T0, T0 + 60_000L);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            // as SharedStateTables created them on main between the release and versioned schemas
            statement.execute("CREATE TABLE IF NOT EXISTS issued_tokens (token_sha256_hex VARCHAR PRIMARY KEY,"
                    + " kind VARCHAR NOT NULL, project_id VARCHAR NOT NULL, subject VARCHAR NOT NULL,"
                    + " issued_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS rate_limit_buckets (bucket_key VARCHAR PRIMARY KEY,"
                    + " tokens DOUBLE NOT NULL, updated_at_ms BIGINT NOT NULL)");
            new SharedStateTables().saveIssuedToken(connection, issued);
        }

        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(store.findActiveToken(issued.tokenSha256Hex(), T0)).contains(issued);
        }
        Path fresh = directory.resolve("fresh.duckdb");
        DuckDbStore.open(fresh).close();
        assertThat(tableDefinitions(file)).isEqualTo(tableDefinitions(fresh));
        assertThat(historyVersions(file)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(backupsIn(directory)).containsExactly(directory.resolve("main.duckdb.schema-v1.bak"));
    }

    @Test
    void aNewDatabaseIsCreatedAtTheNewestVersionWithoutABackup() throws Exception {
        Path file = directory.resolve("new.duckdb");
        DuckDbStore.open(file).close();

        assertThat(historyVersions(file)).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(tables(file)).containsExactlyElementsOf(LATEST_TABLES);
        assertThat(backupsIn(directory)).isEmpty();
    }

    @Test
    void aDatabaseFromANewerBuildIsRefusedNamingBothVersionsAndLeftUntouched() throws Exception {
        Path file = directory.resolve("playtrace.duckdb");
        DuckDbStore.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (7, '7', 'from a newer build', 'SQL',"
                    + " 'V7__from_a_newer_build.sql', 1, 'playtrace', 1, true)");
            statement.execute("CREATE TABLE from_a_newer_build (x INTEGER)");
        }
        String digestBefore = sha256(file);

        assertThatThrownBy(() -> DuckDbStore.open(file))
                .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                    assertThat(e.getMessage()).contains("schema version 7", "version 6", file.toString(),
                            "newer Playtrace");
                });

        assertThat(sha256(file)).isEqualTo(digestBefore);
        assertThat(historyVersions(file)).as("the refused database opens again: the store let go of it")
                .containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(backupsIn(directory)).isEmpty();
    }

    @Test
    void aScriptChangedAfterItRanIsRefusedOnTheNextStart() throws Exception {
        Path file = directory.resolve("playtrace.duckdb");
        DuckDbStore.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");
        }

        assertThatThrownBy(() -> DuckDbStore.open(file))
                .isInstanceOf(PlaytraceException.class)
                .hasMessageContaining("cannot migrate the database")
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aDatabaseWithOtherTablesAndNoSchemaVersionIsRefused() throws Exception {
        Path file = directory.resolve("other.duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE views (project_id VARCHAR)");
        }

        assertThatThrownBy(() -> DuckDbStore.open(file))
                .isInstanceOf(PlaytraceException.class)
                .hasMessageContaining("no schema version")
                .hasMessageContaining("events");
        assertThat(tables(file)).containsExactly("views");
    }

    @Test
    void anEarlierBackupIsNeverOverwritten() throws IOException {
        Path file = directory.resolve("playtrace.duckdb");
        MigrationVersion version1 = MigrationVersion.fromVersion("1");
        assertThat(DuckDbMigrations.backupPath(file, version1)).isEqualTo(directory.resolve("playtrace.duckdb.schema-v1.bak"));
        Files.writeString(directory.resolve("playtrace.duckdb.schema-v1.bak"), "earlier");
        Files.writeString(directory.resolve("playtrace.duckdb.schema-v1.2.bak"), "earlier");

        assertThat(DuckDbMigrations.backupPath(file, version1)).isEqualTo(directory.resolve("playtrace.duckdb.schema-v1.3.bak"));
    }

    /** The previous release's tables (test resource), filled by the row writers that release used (unchanged since). */
    private static void writeWithPreviousReleaseSchema(Path file, PreviousReleaseData data) throws Exception {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : previousReleaseStatements()) {
                    statement.execute(ddl);
                }
            }
            ViewUpserter upserter = new ViewUpserter(null);
            upserter.createStaging(connection);
            upserter.upsert(connection, data.views(), ViewUpserter.Mode.BY_LAST_STORED_START);
            new EventLog().append(connection, data.events());
            ProjectTables projects = new ProjectTables();
            for (Project project : data.projects()) {
                projects.saveProject(connection, project);
            }
            projects.saveToken(connection, data.token());
            projects.saveCredential(connection, data.credential());
            EncodingJobTables jobs = new EncodingJobTables();
            jobs.createCategory(connection, "p1", "Movies", T0);
            jobs.createJob(connection, data.job());
            IngestPosition.save(connection, 4242L);
        }
        assertThat(tables(file)).as("the previous release's tables, no schema history")
                .containsExactlyInAnyOrderElementsOf(DuckDbMigrations.VERSION_1_TABLES);
    }

    private static List<String> previousReleaseStatements() throws IOException {
        try (InputStream in = DuckDbMigrationsTest.class.getResourceAsStream("previous-release-schema.sql")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(script.split(";\n"))
                    .map(statement -> statement.lines().filter(line -> !line.startsWith("--"))
                            .reduce("", (a, b) -> a + "\n" + b).strip())
                    .filter(statement -> !statement.isEmpty())
                    .toList();
        }
    }

    private record PreviousReleaseData(List<View> views, List<PlayerEvent> events, List<Project> projects,
                                       ApiToken token, Credential credential, EncodingJob job) {
        static PreviousReleaseData create() {
            List<View> views = List.of(
                    ViewBuilder.view("v1", T0 + 1_000).viewer("viewer-a").started(800).playing(60_000)
                            .rebuffering(2, 1_500).seekBuffering(1, 300).bitrate(2_500_000.0).upscale(12.5, 40.0)
                            .renditionChanges(3).warnings(1).country("US").browser("Chrome").deviceCategory("desktop")
                            .dimension(Dimension.VIDEO_TITLE, "Intro").dimension(Dimension.CUSTOM_3, "blue")
                            .scores(0.9, 0.8, 0.7, 0.95, 0.85).events(4).ended().build(),
                    ViewBuilder.view("v2", T0 + 2_000).startupFailure("MEDIA_ERR_DECODE", true, 3_000)
                            .fatalErrorMessage("decoder gave up").country("KR").events(2).build(),
                    ViewBuilder.view("v3", T0 + 3_000).started(1_200).playing(5_000)
                            .playbackFailure("NETWORK", false, 5_000).dropped().events(1).build(),
                    ViewBuilder.withoutPlayRequest("v4", T0 + 4_000).version(7).build(),
                    ViewBuilder.view("v5", T0 + 5_000).stillStarting().open().build(),
                    ViewBuilder.view("v1", T0 + 6_000).project("p2").started(500).playing(1_000).build());
            List<PlayerEvent> events = List.of(
                    new PlayerEvent("p1", "v1", 1, EventName.VIEWSTART, T0 + 1_000, T0 + 990, null, T0 + 1_010,
                            Map.of("video_title", "Intro", "player_width", 1280L)),
                    new PlayerEvent("p1", "v1", 2, EventName.PLAY, T0 + 1_000, T0 + 995, 0L, T0 + 1_010, Map.of()),
                    new PlayerEvent("p1", "v1", 3, EventName.PLAYING, T0 + 1_800, T0 + 1_795, 0L, T0 + 1_810,
                            Map.of("video_source_bitrate", 2_500_000.0, "player_is_fullscreen", true)),
                    new PlayerEvent("p1", "v1", 4, EventName.VIEWEND, T0 + 70_000, T0 + 69_990, 61_000L, T0 + 70_010,
                            Map.of()),
                    new PlayerEvent("p1", "v2", 1, EventName.VIEWSTART, T0 + 2_000, T0 + 2_000, null, T0 + 2_020, Map.of()),
                    new PlayerEvent("p1", "v2", 2, EventName.ERROR, T0 + 5_000, T0 + 5_000, 0L, T0 + 5_020,
                            Map.of("player_error_code", "MEDIA_ERR_DECODE")),
                    new PlayerEvent("p2", "v1", 1, EventName.VIEWSTART, T0 + 6_000, T0 + 6_000, null, T0 + 6_001, Map.of()));
            List<Project> projects = List.of(new Project("p1", "Demo", "ingest-key-1", T0),
                    new Project("p2", "Second", "ingest-key-2", T0 + 1));
            ApiToken token = new ApiToken("tok-1", "p1", "cd".repeat(32), ApiToken.TokenRole.READ, T0);
            Credential credential = new Credential("vpe", "key-1", "p1", "sealed-secret", T0);
            EncodingJob job = new EncodingJob("p1", "file-1", "intro.mp4", "/in/intro.mp4", 1L,
                    new EncodingJob.Input(61.5, "h264", 4_000_000L, "hd", 1920, 1080, 29.97, "aac", 128_000L),
                    EncodingJobStatus.COMPLETE, T0, T0 + 1_000, T0 + 90_000, null);
            return new PreviousReleaseData(views, events, projects, token, credential, job);
        }
    }

    private static List<String> historyVersions(Path file) throws SQLException {
        return column(file, "SELECT version FROM flyway_schema_history ORDER BY installed_rank");
    }

    private static List<String> tables(Path file) throws SQLException {
        return column(file, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name");
    }

    private static long countRows(Path file, String table) throws SQLException {
        return Long.parseLong(column(file, "SELECT count(*) FROM " + table).getFirst());
    }

    /** DuckDB's own rendering of each table's definition, the same however the DDL was spelled. */
    private static Map<String, String> tableDefinitions(Path file) throws SQLException {
        Map<String, String> definitions = new TreeMap<>();
        for (String row : column(file, "SELECT table_name || '\u0001' || sql FROM duckdb_tables()"
                + " WHERE schema_name = 'main' AND table_name <> 'flyway_schema_history'")) {
            String[] parts = row.split("\u0001", 2);
            definitions.put(parts[0], parts[1]);
        }
        return definitions;
    }

    private static List<String> column(Path file, String sql) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly)) {
            return JdbcRows.select(connection, sql, List.of()).stream().map(row -> String.valueOf(row[0])).toList();
        }
    }

    private static List<Path> backupsIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".bak")).sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static boolean isPosix() {
        return Path.of(".").getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
