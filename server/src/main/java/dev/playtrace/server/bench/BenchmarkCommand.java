package dev.playtrace.server.bench;

import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.YauaaUserAgentParser;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.pipeline.IngestCounters;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.collector.CachingIngestKeys;
import dev.playtrace.server.demo.Backfill;
import dev.playtrace.simulator.DemoDataGenerator;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code ./playtrace bench}: a rough end-to-end measurement on this machine. Simulated views are replayed through
 * the real ingest pipeline, sessionizer and DuckDB store (in process, no HTTP), then typical queries are timed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Ingest simulated views, then time typical queries.")
public final class BenchmarkCommand implements Runnable {
    @Option(names = "--views", defaultValue = "100000", description = "Views to simulate (default: ${DEFAULT-VALUE}).")
    int views;

    @Option(names = "--watch-scale", defaultValue = "1.0", description = "Scales how long viewers watch (default: ${DEFAULT-VALUE}).")
    double watchScale;

    @Option(names = "--data-dir", description = "Where to put the database (default: a new temporary folder).")
    Path dataDir;

    @Option(names = "--repeat", defaultValue = "5", description = "Runs of each query (default: ${DEFAULT-VALUE}).")
    int repeat;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkCommand()).execute(args));
    }

    @Override
    public void run() {
        try {
            Path dir = dataDir != null ? dataDir : Files.createTempDirectory("playtrace-bench");
            Clock clock = Clock.systemUTC();
            try (PlaytraceServer.StoreHandle handle = PlaytraceServer.openStore(dir)) {
                ProjectAdmin.Credentials project = new ProjectAdmin(handle.projects(), clock).createProject("bench");
                BeaconIngestor ingestor = new BeaconIngestor(new CachingIngestKeys(handle.projects()),
                        new BatchEnricher(YauaaUserAgentParser.shared(), CountryLookup.none()), IngestCounters.NONE);
                AtomicLong storeNanos = new AtomicLong();
                AtomicLong viewRows = new AtomicLong();
                Backfill backfill = new Backfill(ingestor, (changed, events) -> {
                    long start = System.nanoTime();
                    handle.store().appendEvents(events);
                    handle.store().upsertViews(changed);
                    storeNanos.addAndGet(System.nanoTime() - start);
                    viewRows.addAndGet(changed.size());
                }, handle.store()::loadEvents);

                long nowMs = clock.millis();
                TimeRange window = DemoDataGenerator.recentWindow(nowMs, Duration.ofDays(7));
                ViewerSimulator simulator = new ViewerSimulator(7L,
                        SimulationConfig.defaults(project.project().ingestKey()).withWatchTimeScale(watchScale));
                long startNanos = System.nanoTime();
                Backfill.Result result = backfill.replay(simulator.beacons(window.fromMs(), window.toMs() - 3_600_000L, views, null),
                        nowMs, () -> true);
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                System.out.printf(Locale.ROOT, "ingest: %,d views, %,d beacons, %,d events accepted (%,d rejected) in %.1f s%n",
                        views, result.beacons(), result.eventsAccepted(), result.eventsRejected(), seconds);
                System.out.printf(Locale.ROOT, "ingest: %,.0f events/s, %,.0f beacons/s, %,.0f views/s end to end; store writes %.1f s for %,d view rows%n",
                        result.eventsAccepted() / seconds, result.beacons() / seconds, views / seconds,
                        storeNanos.get() / 1e9, viewRows.get());

                QueryService queries = new QueryEngine(handle.store(), clock);
                String projectId = project.project().id();
                TimeRange week = new TimeRange(nowMs - Duration.ofDays(7).toMillis(), nowMs);
                Query base = Query.of(projectId, "views", week);
                List<Timed> timed = new ArrayList<>();
                timed.add(time("overall views, 7 days", () -> queries.overall(base)));
                timed.add(time("overall unique_viewers (exact distinct)", () -> queries.overall(Query.of(projectId, "unique_viewers", week))));
                timed.add(time("overall video_startup_time 95th", () -> queries.overall(
                        Query.of(projectId, "video_startup_time", week).withMeasurement(Measurement.P95))));
                timed.add(time("breakdown rebuffer_percentage by country", () -> queries.breakdown(
                        Query.of(projectId, "rebuffer_percentage", week).withGroupBy(Dimension.COUNTRY).withPage(new Page(100, 1)))));
                timed.add(time("timeseries views by hour", () -> queries.timeseries(base.withGranularity(Granularity.HOUR))));
                timed.add(time("overall concurrent_viewers max, 7 days", () -> queries.overall(
                        Query.of(projectId, "concurrent_viewers", week).withMeasurement(Measurement.MAX))));
                timed.add(time("current concurrent viewers", () -> queries.concurrentViewersAt(projectId, nowMs, List.of())));
                System.out.println("| query | min ms | median ms |");
                System.out.println("|---|---|---|");
                for (Timed t : timed) {
                    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", t.name(), t.minMs(), t.medianMs());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Timed(String name, double minMs, double medianMs) {
    }

    private Timed time(String name, Supplier<?> query) {
        double[] ms = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return new Timed(name, ms[0], ms[repeat / 2]);
    }
}
