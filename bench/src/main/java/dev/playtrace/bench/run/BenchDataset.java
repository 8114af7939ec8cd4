package dev.playtrace.bench.run;

import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.YauaaUserAgentParser;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.pipeline.IngestCounters;
import dev.playtrace.model.TimeRange;
import dev.playtrace.store.spi.ColumnSpec;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewHistogramTable;
import dev.playtrace.store.spi.ViewerSequenceHourlyTable;
import dev.playtrace.store.spi.ViewerSequenceTable;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewTable;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.collector.CachingIngestKeys;
import dev.playtrace.server.demo.Backfill;
import dev.playtrace.simulator.DemoDataGenerator;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The query benchmark's data: {@code seedViews} simulated views over 7 days replayed through the real ingest
 * pipeline, sessionizer and store (in process, no HTTP), then copied with SQL inside DuckDB until the views table
 * holds {@code views} rows: copy {@code r} gets {@code -r<r>} appended to its view and viewer ids and keeps the
 * seed's times, so every copy has the seed's distribution. Events are copied the same way. Kept in a data
 * directory per size and reused when its description matches.
 */
final class BenchDataset {
    private static final String DESCRIPTION_FILE = "dataset.properties";
    /**
     * How the dataset is laid out; a dataset of another layout is rebuilt. 2: the copies' events are appended in
     * receipt order, as a live store appends them (before, copy after copy, each spanning the whole week). 3: the
     * copies' views are appended in play-request order, as a live store inserts them (before, copy after copy).
     */
    private static final String LAYOUT = "3";
    private static final long SEED = 7L;

    /** A ready dataset: its directory, size, and the 7-day window its views start in. */
    record Ready(Path dataDir, int views, int seedViews, long events, boolean eventsOfEveryView, TimeRange window,
            double buildSeconds, double seedViewsPerSecond, boolean reused) {
    }

    private BenchDataset() {
    }

    /** The dataset of {@code views} views in {@code dataDir}, built unless a matching one is there. */
    static Ready ensure(Path dataDir, int views, int seedViews, Ready copyFrom, boolean copyEvents) throws IOException {
        Ready existing = read(dataDir);
        if (existing != null && existing.views() == views && existing.seedViews() == seedViews
                && (existing.eventsOfEveryView() || !copyEvents) && LAYOUT.equals(layoutOf(dataDir))) {
            return existing;
        }
        deleteDatabase(dataDir);
        Files.createDirectories(dataDir);
        long start = System.nanoTime();
        TimeRange window;
        double seedRate;
        int baseViews;
        if (copyFrom != null && views % copyFrom.views() == 0 && copyFrom.seedViews() == seedViews) {
            // the larger dataset starts as a file copy of the smaller one
            Progress.say("dataset %,d views: copying the %,d-view database", views, copyFrom.views());
            copyDataFiles(copyFrom.dataDir(), dataDir);
            window = copyFrom.window();
            seedRate = copyFrom.seedViewsPerSecond();
            baseViews = copyFrom.views();
        } else {
            long nowMs = System.currentTimeMillis();
            window = DemoDataGenerator.recentWindow(nowMs, Duration.ofDays(7));
            seedRate = seed(dataDir, seedViews, window, nowMs);
            baseViews = seedViews;
        }
        int copies = views / baseViews;
        if (copies > 1) {
            Progress.say("dataset %,d views: copying %,d views %d times with SQL", views, baseViews, copies - 1);
            // a tag per level, so that a copy's ids never meet the ids an earlier level's copies made
            String tag = baseViews == seedViews ? "r" : baseViews < 10_000_000 ? "x" : "y";
            copy(dataDir.resolve("playtrace.duckdb"), copies, tag, copyEvents, window);
        }
        long events;
        try (PlaytraceServer.StoreHandle handle = PlaytraceServer.openStore(dataDir)) {
            ViewStore store = handle.store().views();
            events = count(store, EventTable.NAME);
            long viewRows = count(store, ViewTable.NAME);
            if (viewRows != views) {
                throw new IllegalStateException("dataset has " + viewRows + " views, expected " + views);
            }
        }
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        boolean eventsOfEveryView = (copyFrom == null || copyFrom.eventsOfEveryView()) && (copies == 1 || copyEvents);
        Ready ready = new Ready(dataDir, views, seedViews, events, eventsOfEveryView, window, buildSeconds, seedRate, false);
        write(ready);
        return ready;
    }

    /** Replays the seed views through the real pipeline; returns views per second. */
    private static double seed(Path dataDir, int seedViews, TimeRange window, long nowMs) {
        try (PlaytraceServer.StoreHandle handle = PlaytraceServer.openStore(dataDir)) {
            Clock clock = Clock.systemUTC();
            new ProjectAdmin(handle.projects(), clock).createProject(BenchServer.PROJECT_ID, "bench",
                    BenchServer.INGEST_KEY, BenchServer.TOKEN_ID, BenchServer.TOKEN_SECRET);
            BeaconIngestor ingestor = new BeaconIngestor(new CachingIngestKeys(handle.projects()),
                    new BatchEnricher(YauaaUserAgentParser.shared(), CountryLookup.none()), IngestCounters.NONE);
            Backfill backfill = new Backfill(ingestor, (changed, events, position) -> handle.store().views().write(changed, events),
                    EventSource.of(handle.store().views()::loadEvents, handle.store().views()::storedViews));
            ViewerSimulator simulator = new ViewerSimulator(SEED, SimulationConfig.defaults(BenchServer.INGEST_KEY)
                    .withDeliveryFaults(0, 0));
            Progress.say("dataset: replaying %,d simulated views through the ingest pipeline", seedViews);
            long start = System.nanoTime();
            // views must start (and mostly end) before now, so the whole window is history
            backfill.replay(simulator.beacons(window.fromMs(), window.toMs() - 3_600_000L, seedViews, null),
                    nowMs, () -> true);
            return seedViews / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void copy(Path databaseFile, int copies, String tag, boolean copyEvents, TimeRange window) {
        List<String> viewColumns = ViewTable.layout().columns().stream().filter(c -> !c.isDerived())
                .map(ColumnSpec::name).toList();
        List<String> eventColumns = EventTable.COLUMNS.stream().map(ColumnSpec::name).toList();
        String suffix = "'-" + tag + "' || r";
        String insertCopies = "INSERT INTO " + ViewTable.NAME + " (" + String.join(", ", viewColumns) + ") SELECT "
                + viewColumns.stream().map(c -> switch (c) {
                    case "view_id" -> "view_id || " + suffix;
                    case "viewer_id" -> "viewer_id || " + suffix;
                    default -> c;
                }).collect(Collectors.joining(", "))
                // each view's copies one after another, the views in play-request order: the table is in time
                // order as a live store appends it (a view's row is inserted by the flush that first sees it and
                // updated in place after), which is what bounds a time range's scan (zone maps)
                + " FROM (SELECT *, unnest(range(1, " + copies + ")) AS r FROM (SELECT * FROM " + ViewTable.NAME
                + " WHERE %s ORDER BY " + ViewTable.PLAY_REQUESTED_AT_MS.name() + ", " + ViewTable.VIEW_ID.name() + "))";
        // a day at a time, each its own transaction written out by a checkpoint: one statement for 90M copies held
        // them and their index entries in memory until its commit (over 22 GB at 100M views)
        // DuckDB's default, 80 % of the memory, leaves too little beside the benchmark's own heap
        List<String> statements = new ArrayList<>(List.of("SET memory_limit = '10GB'"));
        String playRequested = ViewTable.PLAY_REQUESTED_AT_MS.name();
        long dayMs = 86_400_000L;
        long firstDayMs = Math.floorDiv(window.fromMs(), dayMs) * dayMs;
        long endMs = firstDayMs;
        for (; endMs < window.toMs() + dayMs; endMs += dayMs) {
            statements.add(String.format(Locale.ROOT, insertCopies, playRequested + " >= " + endMs + " AND "
                    + playRequested + " < " + (endMs + dayMs)));
            statements.add("CHECKPOINT");
        }
        statements.add(String.format(Locale.ROOT, insertCopies, playRequested + " IS NULL OR " + playRequested + " < "
                + firstDayMs + " OR " + playRequested + " >= " + endMs));
        execute(databaseFile, statements.toArray(String[]::new));
        // views copied behind the store's back: its rollup is rebuilt from them when the store next opens
        List<String> derivedTables = Stream.concat(ViewRollupTable.CUBES.stream().map(ViewRollupTable.Cube::name),
                Stream.of(ViewHistogramTable.NAME, ViewerSequenceHourlyTable.NAME, ViewerSequenceTable.NAME)).toList();
        execute(databaseFile, Stream.concat(derivedTables.stream().map(table -> "DROP TABLE IF EXISTS " + table),
                Stream.of("CHECKPOINT")).toArray(String[]::new));
        if (!copyEvents) {
            return;
        }
        execute(databaseFile, "INSERT INTO " + EventTable.NAME + " (" + String.join(", ", eventColumns) + ") SELECT "
                + eventColumns.stream().map(c -> c.equals("view_id") ? "view_id || " + suffix : c)
                        .collect(Collectors.joining(", "))
                // each seed event's copies one after another, in the seed's order (receipt order): the table stays
                // in receipt order as a live store appends it, which is what bounds a view's events in time (zone
                // maps); no sort, which would need memory for every copy at once
                + " FROM (SELECT *, unnest(range(1, " + copies + ")) AS r FROM " + EventTable.NAME + ")", "CHECKPOINT");
    }

    /** Runs statements on the database file with plain JDBC (the store itself only reads through select). */
    private static void execute(Path databaseFile, String... statements) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dataset copy failed: " + e.getMessage(), e);
        }
    }

    static long count(ViewStore store, String table) {
        return store.select(new SqlStatement("SELECT count(*) AS row_count FROM " + table, List.of())).getFirst()
                .longOrZero("row_count");
    }

    /**
     * A dataset's database with the server's key and default project, which encrypt and name the facade keys stored
     * in it, copied into {@code to} (created if missing).
     */
    static void copyDataFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : List.of("playtrace.duckdb", "server.key", "default-project.json")) {
            if (Files.exists(from.resolve(name))) {
                Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteDatabase(Path dataDir) throws IOException {
        for (String name : List.of("playtrace.duckdb", "playtrace.duckdb.wal", DESCRIPTION_FILE, "server.key",
                "default-project.json")) {
            Files.deleteIfExists(dataDir.resolve(name));
        }
    }

    private static String layoutOf(Path dataDir) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(dataDir.resolve(DESCRIPTION_FILE))) {
            properties.load(in);
            return properties.getProperty("layout", "1");
        } catch (IOException e) {
            return null;
        }
    }

    private static Ready read(Path dataDir) {
        Path file = dataDir.resolve(DESCRIPTION_FILE);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(dataDir.resolve("playtrace.duckdb"))) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
            return new Ready(dataDir, Integer.parseInt(properties.getProperty("views")),
                    Integer.parseInt(properties.getProperty("seedViews")),
                    Long.parseLong(properties.getProperty("events")),
                    Boolean.parseBoolean(properties.getProperty("eventsOfEveryView", "true")),
                    new TimeRange(Long.parseLong(properties.getProperty("fromMs")), Long.parseLong(properties.getProperty("toMs"))),
                    Double.parseDouble(properties.getProperty("buildSeconds")),
                    Double.parseDouble(properties.getProperty("seedViewsPerSecond")), true);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Ready ready) {
        Properties properties = new Properties();
        properties.setProperty("layout", LAYOUT);
        properties.setProperty("views", Integer.toString(ready.views()));
        properties.setProperty("seedViews", Integer.toString(ready.seedViews()));
        properties.setProperty("events", Long.toString(ready.events()));
        properties.setProperty("eventsOfEveryView", Boolean.toString(ready.eventsOfEveryView()));
        properties.setProperty("fromMs", Long.toString(ready.window().fromMs()));
        properties.setProperty("toMs", Long.toString(ready.window().toMs()));
        properties.setProperty("buildSeconds", String.format(Locale.ROOT, "%.1f", ready.buildSeconds()));
        properties.setProperty("seedViewsPerSecond", String.format(Locale.ROOT, "%.1f", ready.seedViewsPerSecond()));
        try (Writer out = Files.newBufferedWriter(ready.dataDir().resolve(DESCRIPTION_FILE))) {
            properties.store(out, "Playtrace benchmark dataset");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
