package dev.playtrace.bench.run;

import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.collector.BeaconCollector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Batched ingest into a copy of a {@link BenchDataset} (a store that already holds millions of views), once with the
 * rollups kept and once on another copy opened without them: what keeping the rollups costs a store of that size,
 * where the fresh store of the ingest section sees small tables (the viewer sequence is scanned by viewer number on
 * every write that brings new viewers, and grows with the store). Each copy is deleted after its run; the section is
 * skipped when a copy does not fit the free disk.
 */
final class IngestIntoDatasetBenchmark {
    private static final int EVENTS_PER_BODY = 50;
    /** The dataset's open views are from its own past: a normal timeout would close them all on the first flush. */
    private static final Duration VIEW_TIMEOUT = Duration.ofDays(3650);

    private final Path workDir;
    private final int simulatedViews;
    private final int connections;
    private final long durationMs;
    private final long warmupMs;

    IngestIntoDatasetBenchmark(Path workDir, int simulatedViews, int connections, long durationMs, long warmupMs) {
        this.workDir = workDir;
        this.simulatedViews = simulatedViews;
        this.connections = connections;
        this.durationMs = durationMs;
        this.warmupMs = warmupMs;
    }

    /** One run's load and what its store held more after the server closed. */
    private record Run(LoadGenerator.LoadResult load, long storedEvents, long closeMs, double storedPerSecond) {
    }

    Section run(BenchDataset.Ready dataset) throws IOException {
        String title = String.format(Locale.ROOT, "Batched ingest into the %,d-view dataset", dataset.views());
        long databaseBytes = Files.size(dataset.dataDir().resolve(ServerConfig.DEFAULT_DATABASE_FILE));
        long usableBytes = Files.getFileStore(Files.createDirectories(workDir)).getUsableSpace();
        if (usableBytes < databaseBytes + databaseBytes / 5) {
            Section skipped = new Section(title, "Not run: one copy of the dataset (" + databaseBytes / 1_000_000
                    + " MB) and its growth do not fit the " + usableBytes / 1_000_000 + " MB free beside the work folder.");
            skipped.row(new Row("stored events/s, rollups kept", "–", "without rollup maintenance", "–", "–", "–", "–"));
            return skipped;
        }
        Path bodiesFile = workDir.resolve("bodies-into-" + dataset.views() + ".jsonl");
        BeaconBodies.write(bodiesFile, BenchServer.INGEST_KEY, simulatedViews, EVENTS_PER_BODY,
                System.currentTimeMillis(), "d");
        Run withRollup = run(dataset, bodiesFile, true);
        Run withoutRollup = run(dataset, bodiesFile, false);
        double cost = withoutRollup.storedPerSecond() <= 0 ? Double.NaN
                : 1 - withRollup.storedPerSecond() / withoutRollup.storedPerSecond();
        Section section = new Section(title, String.format(Locale.ROOT, "Bodies of %d simulator events posted to `/v1/beacons` by %d connections for"
                        + " %,d ms after a %,d ms warm-up, into a copy of the %,d-view dataset of the query section"
                        + " (its events and rollups included), then the server closed and the new events counted;"
                        + " baseline: the same load into another copy opened without rollup maintenance (the rollup,"
                        + " histogram and viewer sequence tables dropped). Stored events/s are end to end (warm-up,"
                        + " load and close).", EVENTS_PER_BODY, connections, durationMs, warmupMs, dataset.views()));
        section.row(new Row("stored events/s, rollups kept", Row.number(withRollup.storedPerSecond()),
                "without rollup maintenance", Row.number(withoutRollup.storedPerSecond()),
                Row.ratio(withRollup.storedPerSecond(), withoutRollup.storedPerSecond()), "–", "–"));
        section.row(new Row("rollup maintenance cost at this size (share of stored events/s)",
                String.format(Locale.ROOT, "%.0f %%", cost * 100), "without rollup maintenance",
                Row.number(withoutRollup.storedPerSecond()),
                Row.ratio(withRollup.storedPerSecond(), withoutRollup.storedPerSecond()), "–", "–"));
        section.remark(String.format(Locale.ROOT, "Rollups kept: %,d requests (%,d not 2xx), %,.0f events/s accepted,"
                        + " %,d events stored, close %,d ms. Without: %,d requests (%,d not 2xx), %,.0f events/s"
                        + " accepted, %,d events stored, close %,d ms. The ingest section's rollup cost is measured on"
                        + " a fresh store; this one on a store of this size.",
                withRollup.load().requests(), withRollup.load().failed(), withRollup.load().acceptedPerSecond(),
                withRollup.storedEvents(), withRollup.closeMs(), withoutRollup.load().requests(),
                withoutRollup.load().failed(), withoutRollup.load().acceptedPerSecond(), withoutRollup.storedEvents(),
                withoutRollup.closeMs()));
        return section;
    }

    private Run run(BenchDataset.Ready dataset, Path bodiesFile, boolean keepRollup) throws IOException {
        Path dataDir = workDir.resolve("into-" + dataset.views() + (keepRollup ? "" : "-without-rollup"));
        BenchFiles.deleteTree(dataDir);
        Progress.say("ingest into %,d views: copying the dataset", dataset.views());
        BenchDataset.copyDataFiles(dataset.dataDir(), dataDir);
        Path databaseFile = dataDir.resolve(ServerConfig.DEFAULT_DATABASE_FILE);
        String storeUrl = keepRollup ? ServerConfig.defaultStoreUrl(dataDir) : NoRollupDuckDbStoreProvider.url(databaseFile);
        try {
            long before = IngestBenchmark.storedEvents(dataDir, storeUrl);
            LoadGenerator.LoadResult load;
            long closeMs;
            PlaytraceServer server = BenchServer.start(dataDir, storeUrl, VIEW_TIMEOUT);
            try {
                load = LoadProcess.run(server.port(), new LoadProcess.Plan(BeaconCollector.PATH, bodiesFile,
                        connections, Long.MAX_VALUE, durationMs, warmupMs));
            } finally {
                long closeStart = System.nanoTime();
                server.close();
                closeMs = (System.nanoTime() - closeStart) / 1_000_000;
            }
            long stored = IngestBenchmark.storedEvents(dataDir, storeUrl) - before;
            if (stored < load.accepted()) {
                throw new IllegalStateException("ingest into the dataset: " + load.accepted() + " events acknowledged, "
                        + stored + " stored");
            }
            double storedPerSecond = stored / ((warmupMs * 1_000_000L + load.measuredNs()) / 1e9 + closeMs / 1000.0);
            Progress.say("ingest into %,d views%s: %,.0f events/s accepted, %,.0f stored/s", dataset.views(),
                    keepRollup ? "" : " without rollup maintenance", load.acceptedPerSecond(), storedPerSecond);
            return new Run(load, stored, closeMs, storedPerSecond);
        } finally {
            BenchFiles.deleteTree(dataDir);
        }
    }
}
