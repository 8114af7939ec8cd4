package dev.playtrace.store.duckdb;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Credential;
import dev.playtrace.model.EncodingCategory;
import dev.playtrace.model.EncodingJob;
import dev.playtrace.store.spi.EncodingJobAggregates;
import dev.playtrace.model.EncodingJobStatus;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;
import dev.playtrace.query.sql.DuckDbDialect;
import dev.playtrace.store.spi.AlertRepository;
import dev.playtrace.store.spi.EncodingJobRepository;
import dev.playtrace.store.spi.ExportRepository;
import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.IssuedTokenRepository;
import dev.playtrace.store.spi.PartitionPosition;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.store.spi.RateLimitBucket;
import dev.playtrace.store.spi.RateLimitRepository;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.StoreReadLoad;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewStore;

import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The embedded store: views, the event log, projects and tokens, encoding jobs, issued tokens and rate-limit buckets
 * in one DuckDB database (a file, or in memory), every repository of {@link PlaytraceStore} in one object.
 * Thread-safe: writes are serialized on one connection, reads run concurrently on a small pool.
 */
public final class DuckDbStore implements PlaytraceStore, ViewStore, ProjectRepository, EncodingJobRepository,
        IssuedTokenRepository, RateLimitRepository {
    private static final Logger LOG = Logger.getLogger(DuckDbStore.class.getName());
    private static final int DEFAULT_READERS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private final DuckDbConnections connections;
    private final ViewRollupMaintenance rollup;
    private final ViewUpserter viewUpserter;
    private final EventLog eventLog = new EventLog();
    private final StoredViews storedViews = new StoredViews();
    private final ProjectTables projectTables = new ProjectTables();
    private final EncodingJobTables encodingJobTables = new EncodingJobTables();
    private final SharedStateTables sharedStateTables = new SharedStateTables();
    private final EncodingJobAggregation encodingJobAggregation = new EncodingJobAggregation();
    private final DuckDbExports exports;
    private final AlertRepository alerts;

    private DuckDbStore(String jdbcUrl, Optional<Path> databaseFile, boolean maintainRollup) {
        this.rollup = maintainRollup ? new ViewRollupMaintenance(DuckDbDialect.INSTANCE, ViewUpserter.STAGING) : null;
        this.viewUpserter = new ViewUpserter(rollup);
        try {
            this.connections = new DuckDbConnections(jdbcUrl, DEFAULT_READERS, databaseFile.isPresent()
                    ? () -> restrictWalAfterCommit(databaseFile.get()) : () -> { });
        } catch (SQLException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "cannot open the DuckDB database", e);
        }
        this.alerts = new DuckDbAlertRepository(connections);
        this.exports = new DuckDbExports(connections);
        try {
            databaseFile.ifPresent(DuckDbStore::restrictFiles);
            DuckDbMigrations.migrate(connections, databaseFile);
            connections.write(writer -> {
                DuckDbSchema.configure(writer);
                DuckDbSchema.verify(writer);
                viewUpserter.createStaging(writer);
                // the rollup is derived data, rebuilt from the views when missing, so it is not a migration
                if (rollup != null) {
                    rollup.createAndBackfill(writer);
                } else {
                    new ViewRollupMaintenance(dialect(), ViewUpserter.STAGING).drop(writer);
                }
                return null;
            });
        } catch (RuntimeException e) {
            connections.discard();
            throw e;
        }
    }

    /**
     * Opens the database file, creating it and its missing parent directories (owner-only, 0700, on POSIX) if needed,
     * and migrates its schema forward ({@link DuckDbMigrations}: a backup first, a database from a newer build
     * refused). The file and its WAL are kept owner-only (0600). Only one process may open the file.
     */
    public static DuckDbStore open(Path databaseFile) {
        return open(databaseFile, true);
    }

    /**
     * @param maintainRollup whether writes keep the hourly rollup (created and filled from the views when missing);
     *        without it the rollup table is dropped, so that it is never read stale
     */
    public static DuckDbStore open(Path databaseFile, boolean maintainRollup) {
        Path file = databaseFile.toAbsolutePath();
        try {
            Path parent = file.getParent();
            if (parent != null) {
                OwnerOnlyFiles.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "cannot create the data directory", e);
        }
        return new DuckDbStore("jdbc:duckdb:" + file, Optional.of(file), maintainRollup);
    }

    /** A fresh, empty database that lives in memory until {@link #close()} (for tests and demos). */
    public static DuckDbStore inMemory() {
        return new DuckDbStore("jdbc:duckdb:", Optional.empty(), true);
    }

    /** The database file and its write-ahead log (which DuckDB makes anew after each checkpoint) owner-only. */
    private static void restrictFiles(Path databaseFile) {
        try {
            OwnerOnlyFiles.restrict(databaseFile);
            OwnerOnlyFiles.restrict(walOf(databaseFile));
        } catch (IOException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "cannot make " + databaseFile + " owner-only", e);
        }
    }

    /** A commit may have made a new WAL; a failure to narrow it is logged, since the write itself succeeded. */
    private static void restrictWalAfterCommit(Path databaseFile) {
        try {
            OwnerOnlyFiles.restrict(walOf(databaseFile));
        } catch (IOException | RuntimeException e) {
            LOG.warning("cannot make the write-ahead log of " + databaseFile + " owner-only: " + e);
        }
    }

    static Path walOf(Path databaseFile) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + ".wal");
    }

    @Override
    public ViewStore views() {
        return this;
    }

    @Override
    public ProjectRepository projects() {
        return this;
    }

    @Override
    public EncodingJobRepository encodingJobs() {
        return this;
    }

    @Override
    public IssuedTokenRepository issuedTokens() {
        return this;
    }

    @Override
    public RateLimitRepository rateLimits() {
        return this;
    }

    @Override
    public ExportRepository exports() {
        return exports;
    }

    @Override
    public AlertRepository alerts() {
        return alerts;
    }

    @Override
    public SqlDialect dialect() {
        return DuckDbDialect.INSTANCE;
    }

    @Override
    public boolean maintainsViewRollup() {
        return rollup != null;
    }

    @Override
    public void upsertViews(Collection<View> views) {
        if (views.isEmpty()) {
            return;
        }
        try {
            upsertViews(views, ViewUpserter.Mode.BY_LAST_STORED_START);
        } catch (ViewUpserter.ViewStartMovedException e) {
            upsertViews(views, ViewUpserter.Mode.BY_KEY_ONLY);
        }
    }

    private void upsertViews(Collection<View> views, ViewUpserter.Mode mode) {
        connections.write(writer -> {
            viewUpserter.upsert(writer, views, mode);
            return null;
        });
        viewUpserter.committed(views);
    }

    @Override
    public void appendEvents(Collection<PlayerEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        connections.write(writer -> {
            eventLog.append(writer, events);
            return null;
        });
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events, long busPosition) {
        write(views, events, writer -> IngestPosition.save(writer, busPosition));
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events, PartitionPosition position) {
        write(views, events, writer -> IngestPosition.savePartition(writer, position));
    }

    @Override
    public void write(Collection<View> views, Collection<PlayerEvent> events) {
        write(views, events, writer -> { });
    }

    /** What a write records besides views and events, in the same transaction. */
    @FunctionalInterface
    private interface PositionUpdate {
        void save(DuckDBConnection writer) throws SQLException;
    }

    private void write(Collection<View> views, Collection<PlayerEvent> events, PositionUpdate position) {
        try {
            write(views, events, position, ViewUpserter.Mode.BY_LAST_STORED_START);
        } catch (ViewUpserter.ViewStartMovedException e) {
            write(views, events, position, ViewUpserter.Mode.BY_KEY_ONLY);
        }
    }

    private void write(Collection<View> views, Collection<PlayerEvent> events, PositionUpdate position,
            ViewUpserter.Mode mode) {
        connections.write(writer -> {
            if (!events.isEmpty()) {
                eventLog.append(writer, events);
            }
            if (!views.isEmpty()) {
                viewUpserter.upsert(writer, views, mode);
            }
            position.save(writer);
            return null;
        });
        viewUpserter.committed(views);
    }

    @Override
    public long storedBusPosition() {
        return connections.read(IngestPosition::read);
    }

    @Override
    public long storedBusPosition(int busPartition) {
        return connections.read(reader -> IngestPosition.readPartition(reader, busPartition));
    }

    @Override
    public long highestPartitionPositionVersion() {
        return connections.read(IngestPosition::highestPartitionVersion);
    }

    @Override
    public List<PlayerEvent> loadEvents(Collection<ViewKey> views) {
        if (views.isEmpty()) {
            return List.of();
        }
        return connections.read(reader -> eventLog.loadMany(reader, views));
    }

    @Override
    public Set<ViewKey> storedViews(Collection<ViewKey> views, long startFromMs, long startToMs) {
        if (views.isEmpty()) {
            return Set.of();
        }
        return connections.read(reader -> storedViews.find(reader, views, startFromMs, startToMs));
    }

    @Override
    public List<PlayerEvent> loadEvents(String projectId, String viewId) {
        return connections.read(reader -> eventLog.load(reader, projectId, viewId));
    }

    @Override
    public List<PlayerEvent> loadEvents(View view) {
        return connections.read(reader -> eventLog.load(reader, view));
    }

    @Override
    public StoreReadLoad readLoad() {
        return new StoreReadLoad(connections.runningReads(), connections.waitingReads(), connections.cancelledReads());
    }

    @Override
    public List<StoreRow> select(SqlStatement statement) {
        return connections.read(reader -> JdbcRows.selectNamed(reader, statement.sql(), statement.parameters(),
                JdbcRows.QUERY_TIMEOUT_SECONDS));
    }

    @Override
    public void saveProject(Project project) {
        connections.write(writer -> {
            projectTables.saveProject(writer, project);
            return null;
        });
    }

    @Override
    public void saveToken(ApiToken token) {
        connections.write(writer -> {
            projectTables.saveToken(writer, token);
            return null;
        });
    }

    @Override
    public Optional<Project> findProject(String projectId) {
        return connections.read(reader -> projectTables.findProject(reader, "id", projectId));
    }

    @Override
    public Optional<Project> findProjectByIngestKey(String ingestKey) {
        return connections.read(reader -> projectTables.findProject(reader, "ingest_key", ingestKey));
    }

    @Override
    public Optional<ApiToken> findToken(String tokenId) {
        return connections.read(reader -> projectTables.findToken(reader, tokenId));
    }

    @Override
    public List<Project> listProjects() {
        return connections.read(projectTables::listProjects);
    }

    @Override
    public List<ApiToken> listTokens(String projectId) {
        return connections.read(reader -> projectTables.listTokens(reader, projectId));
    }

    @Override
    public void saveCredential(Credential credential) {
        connections.write(writer -> {
            projectTables.saveCredential(writer, credential);
            return null;
        });
    }

    @Override
    public Optional<Credential> findCredential(String kind, String keyId) {
        return connections.read(reader -> projectTables.findCredential(reader, kind, keyId));
    }

    @Override
    public List<Credential> listCredentials(String projectId, String kind) {
        return connections.read(reader -> projectTables.listCredentials(reader, projectId, kind));
    }

    @Override
    public EncodingCategory createCategory(String projectId, String name, long createdAtMs) {
        return connections.write(writer -> encodingJobTables.createCategory(writer, projectId, name, createdAtMs));
    }

    @Override
    public Optional<EncodingCategory> findCategory(String projectId, long categoryId) {
        return connections.read(reader -> encodingJobTables.findCategory(reader, projectId, categoryId));
    }

    @Override
    public List<EncodingCategory> listCategories(String projectId, long offset, int limit) {
        return connections.read(reader -> encodingJobTables.listCategories(reader, projectId, offset, limit));
    }

    @Override
    public long countCategories(String projectId) {
        return connections.read(reader -> encodingJobTables.countCategories(reader, projectId));
    }

    @Override
    public void createJob(EncodingJob job) {
        connections.write(writer -> {
            encodingJobTables.createJob(writer, job);
            return null;
        });
    }

    @Override
    public boolean replaceJob(EncodingJob job, EncodingJobStatus expected) {
        return connections.write(writer -> encodingJobTables.replaceJob(writer, job, expected));
    }

    @Override
    public Optional<EncodingJob> findJob(String projectId, String fileId) {
        return connections.read(reader -> encodingJobTables.findJob(reader, projectId, fileId));
    }

    @Override
    public List<EncodingJob> listJobs(String projectId, long fromMs, long toMs, long offset, int limit) {
        return connections.read(reader -> encodingJobTables.listJobs(reader, projectId, fromMs, toMs, offset, limit));
    }

    @Override
    public long countJobs(String projectId, long fromMs, long toMs) {
        return connections.read(reader -> encodingJobTables.countJobs(reader, projectId, fromMs, toMs));
    }

    @Override
    public Map<EncodingJobStatus, Long> countJobsByStatus(String projectId, long fromMs, long toMs) {
        return connections.read(reader -> encodingJobTables.countJobsByStatus(reader, projectId, fromMs, toMs));
    }

    @Override
    public void saveIssuedToken(IssuedToken token) {
        connections.write(writer -> {
            sharedStateTables.saveIssuedToken(writer, token);
            return null;
        });
    }

    @Override
    public Optional<IssuedToken> findActiveToken(String tokenSha256Hex, long nowMs) {
        return connections.read(reader -> sharedStateTables.findActiveToken(reader, tokenSha256Hex, nowMs));
    }

    @Override
    public boolean revokeToken(String tokenSha256Hex) {
        return connections.write(writer -> sharedStateTables.revokeToken(writer, tokenSha256Hex));
    }

    @Override
    public int deleteExpiredTokens(long nowMs) {
        return connections.write(writer -> sharedStateTables.deleteExpiredTokens(writer, nowMs));
    }

    @Override
    public Optional<RateLimitBucket> findBucket(String key) {
        return connections.read(reader -> sharedStateTables.findBucket(reader, key));
    }

    @Override
    public boolean insertBucket(RateLimitBucket bucket) {
        return connections.write(writer -> sharedStateTables.insertBucket(writer, bucket));
    }

    @Override
    public boolean replaceBucket(RateLimitBucket expected, RateLimitBucket next) {
        return connections.write(writer -> sharedStateTables.replaceBucket(writer, expected, next));
    }

    @Override
    public EncodingJobAggregates aggregateJobs(String projectId, long fromMs, long toMs, long bucketWidthMs) {
        return connections.read(reader -> encodingJobAggregation.aggregate(reader, projectId, fromMs, toMs, bucketWidthMs));
    }

    /** Checkpoints the database into its file and closes every connection; later calls fail. */
    @Override
    public void close() {
        connections.close();
    }
}
