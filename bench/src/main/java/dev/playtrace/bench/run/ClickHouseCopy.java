package dev.playtrace.bench.run;

import dev.playtrace.model.View;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The query dataset's views in ClickHouse, kept between runs: a marker file beside the servers' data directories names
 * the dataset a copy holds (its size, seed size and time window, which a rebuilt dataset does not share, and the views
 * table's columns); a copy whose marker names this dataset and whose table holds as many views is used as it is,
 * any other is dropped and copied again.
 *
 * <p>One server: every view is read from the DuckDB file in one streaming scan and written with the ClickHouse store's
 * own {@code upsertViews} (RowBinary, so every double is stored bit for bit) in batches of {@value #BATCH_VIEWS}, the
 * next batch read while the last is written. Two shards: the sharded store creates its tables, then the first shard
 * reads the one server's table with {@code remote()} into the Distributed {@code views}, which sends each view to its
 * shard by {@code cityHash64(view_id)} as the store's writes do. Each copy ends with {@code OPTIMIZE ... FINAL}, the
 * merge ClickHouse does in the background over time.
 */
final class ClickHouseCopy {
    static final String DATABASE = "bench_views";
    private static final int BATCH_VIEWS = 50_000;
    private static final String LOCAL_VIEWS = ViewTable.NAME + "_local";

    /** A copy ready to query; {@code seconds} is how long it took to build, in this run or when it was built. */
    record Ready(String storeUrl, double seconds, boolean reused, String builtAt) {
    }

    private ClickHouseCopy() {
    }

    /** The dataset's views in {@code server} (one server), copied unless {@code marker} shows they are there. */
    static Ready oneServer(BenchDataset.Ready dataset, KeptClickHouse server, Path marker) {
        int httpPort = server.httpPorts().getFirst();
        String storeUrl = server.storeUrl(DATABASE);
        Ready kept = kept(dataset, marker, storeUrl, () -> count(httpPort, ViewTable.NAME));
        if (kept != null) {
            return kept;
        }
        forget(marker);
        long startNs = System.nanoTime();
        dropDatabase(server.httpPorts());
        try (PlaytraceStore clickHouse = PlaytraceStores.open(storeUrl)) {
            copyFromDuckDb(dataset, clickHouse.views());
        }
        Progress.say("scale-out queries: merging the views in ClickHouse (OPTIMIZE ... FINAL)");
        ClickHouseStatements.execute(httpPort, DATABASE, "OPTIMIZE TABLE " + ViewTable.NAME + " FINAL");
        expectViews(dataset, count(httpPort, ViewTable.NAME), "one server");
        return built(dataset, marker, storeUrl, startNs);
    }

    /** The dataset's views on {@code shards}, read from {@code source} (a ready one-server copy) unless kept. */
    static Ready twoShards(BenchDataset.Ready dataset, KeptClickHouse shards, KeptClickHouse source, Path marker) {
        int entryPort = shards.httpPorts().getFirst();
        String storeUrl = shards.storeUrl(DATABASE);
        Ready kept = kept(dataset, marker, storeUrl, () -> count(entryPort, ViewTable.NAME));
        if (kept != null) {
            return kept;
        }
        forget(marker);
        long startNs = System.nanoTime();
        dropDatabase(shards.httpPorts());
        try (PlaytraceStore ignored = PlaytraceStores.open(storeUrl)) {
            // opening the sharded store creates views_local on each shard and the Distributed views on the first
        }
        Progress.say("scale-out queries: copying %,d views from one ClickHouse server into two shards", dataset.views());
        String columns = String.join(", ", ViewTable.storedColumnNames());
        ClickHouseStatements.execute(entryPort, DATABASE, "INSERT INTO " + ViewTable.NAME + " (" + columns + ") SELECT "
                        + columns + " FROM remote('127.0.0.1:" + source.firstTcpPort() + "', " + DATABASE + ", "
                        + ViewTable.NAME + ")",
                Map.of("insert_distributed_sync", "1"));
        for (int port : shards.httpPorts()) {
            ClickHouseStatements.execute(port, DATABASE, "OPTIMIZE TABLE " + LOCAL_VIEWS + " FINAL");
            if (count(port, LOCAL_VIEWS) == 0) {
                throw new IllegalStateException("the shard on port " + port + " got no views");
            }
        }
        expectViews(dataset, count(entryPort, ViewTable.NAME), "two shards");
        return built(dataset, marker, storeUrl, startNs);
    }

    private static void copyFromDuckDb(BenchDataset.Ready dataset, ViewStore to) {
        // opened once by the store first, which brings an older file to its schema; then read without it
        try (PlaytraceServer.StoreHandle ignored = PlaytraceServer.openStore(dataset.dataDir())) {
            // nothing to do: the store migrates on open
        }
        List<String> columns = ViewTable.storedColumnNames();
        StoreRow.Columns rowColumns = StoreRow.Columns.of(columns);
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        properties.setProperty("jdbc_stream_results", "true"); // else DuckDB materializes every row before the first
        ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "bench-clickhouse-copy"));
        int copied = 0;
        try (Connection connection = DriverManager.getConnection(
                "jdbc:duckdb:" + dataset.dataDir().resolve("playtrace.duckdb").toAbsolutePath(), properties);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + ViewTable.NAME)) {
            Future<?> writing = null;
            List<View> batch = new ArrayList<>(BATCH_VIEWS);
            Object[] values = new Object[columns.size()];
            while (rows.next()) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = rows.getObject(i + 1);
                }
                batch.add(ViewTable.toView(StoreRow.of(rowColumns, values)));
                if (batch.size() == BATCH_VIEWS) {
                    writing = writeAfter(writing, writer, to, batch);
                    copied += batch.size();
                    batch = new ArrayList<>(BATCH_VIEWS);
                    if (copied % 1_000_000 == 0) {
                        Progress.say("scale-out queries: %,d of %,d views copied into ClickHouse", copied, dataset.views());
                    }
                }
            }
            writing = writeAfter(writing, writer, to, batch);
            copied += batch.size();
            await(writing);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the views of " + dataset.dataDir() + " failed: " + e.getMessage(), e);
        } finally {
            writer.shutdownNow();
        }
        expectViews(dataset, copied, "read from DuckDB");
    }

    /** Writes {@code batch} once the previous write is done: one batch is written while the next is read. */
    private static Future<?> writeAfter(Future<?> previous, ExecutorService writer, ViewStore to, List<View> batch) {
        await(previous);
        return batch.isEmpty() ? null : writer.submit(() -> to.upsertViews(batch));
    }

    private static void await(Future<?> writing) {
        if (writing == null) {
            return;
        }
        try {
            writing.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("writing views into ClickHouse failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying views into ClickHouse", e);
        }
    }

    private static void dropDatabase(List<Integer> httpPorts) {
        for (int port : httpPorts) {
            ClickHouseStatements.execute(port, "default", "DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    private static long count(int httpPort, String table) {
        return ClickHouseStatements.queryLong(httpPort, DATABASE, "SELECT count() FROM " + table);
    }

    private static void expectViews(BenchDataset.Ready dataset, long views, String where) {
        if (views != dataset.views()) {
            throw new IllegalStateException(where + ": " + views + " views, expected " + dataset.views());
        }
    }

    /** The copy the marker describes, when it is of this dataset and its table holds every view; otherwise null. */
    private static Ready kept(BenchDataset.Ready dataset, Path marker, String storeUrl, ViewCount storedViews) {
        Properties stored = readMarker(marker);
        if (stored == null || !fingerprint(dataset).entrySet().stream()
                .allMatch(entry -> entry.getValue().equals(stored.getProperty(entry.getKey())))) {
            return null;
        }
        long views;
        try {
            views = storedViews.count();
        } catch (IllegalStateException noTable) {
            return null;
        }
        if (views != dataset.views()) {
            return null;
        }
        return new Ready(storeUrl, Double.parseDouble(stored.getProperty("copySeconds")), true,
                stored.getProperty("builtAt"));
    }

    @FunctionalInterface
    private interface ViewCount {
        long count();
    }

    private static Ready built(BenchDataset.Ready dataset, Path marker, String storeUrl, long startNs) {
        double seconds = (System.nanoTime() - startNs) / 1e9;
        String builtAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Properties properties = new Properties();
        properties.putAll(fingerprint(dataset));
        properties.setProperty("copySeconds", String.format(Locale.ROOT, "%.1f", seconds));
        properties.setProperty("builtAt", builtAt);
        try (Writer out = Files.newBufferedWriter(marker)) {
            properties.store(out, "Playtrace benchmark: the ClickHouse copy of the query dataset beside it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Ready(storeUrl, seconds, false, builtAt);
    }

    /** What identifies the dataset a copy holds. */
    private static Map<String, String> fingerprint(BenchDataset.Ready dataset) {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        fingerprint.put("views", Integer.toString(dataset.views()));
        fingerprint.put("seedViews", Integer.toString(dataset.seedViews()));
        fingerprint.put("fromMs", Long.toString(dataset.window().fromMs()));
        fingerprint.put("toMs", Long.toString(dataset.window().toMs()));
        fingerprint.put("columns", String.join(",", ViewTable.storedColumnNames()));
        return fingerprint;
    }

    private static Properties readMarker(Path marker) {
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(marker)) {
            properties.load(in);
            return properties;
        } catch (IOException e) {
            return null;
        }
    }

    /** Forgets a copy before it is rebuilt, so a copy cut short is never taken for a whole one. */
    private static void forget(Path marker) {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
