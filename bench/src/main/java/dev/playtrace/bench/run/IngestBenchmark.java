package dev.playtrace.bench.run;

import dev.playtrace.model.TimeRange;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.collector.BeaconCollector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Ingest over HTTP from a separate load-generator process: simulator events in bodies of a fixed size, posted to
 * {@code /v1/beacons}, against the same client posting the same bodies to the no-op route of the same server.
 * Afterwards the server is closed (which writes everything pending) and the stored events are counted.
 */
final class IngestBenchmark {
    private static final double SINGLE_EVENT_GOAL_RATIO = 0.80;
    private static final double BATCHED_GOAL_EVENTS_PER_SECOND = 250_000;
    private static final long SUSTAINED_GOAL_MS = 60_000;
    /** Issue 18: keeping the rollup may cost at most this share of the stored events/s. */
    private static final double ROLLUP_COST_GOAL = 0.10;
    /** With the rollups or not, per run of the cost comparison: ABBA cancels a load that drifts linearly. */
    private static final List<Boolean> ROLLUP_COST_ORDER = List.of(true, false, false, true);
    /** Issue 13: dashboard questions keep their p95 under this while ingest runs at the sustainable rate. */
    private static final double QUERIES_UNDER_INGEST_GOAL_MS = 200;
    /** The paced run offers this share of what the overloaded run accepted (the store's sustainable rate). */
    private static final double PACED_SHARE = 0.8;

    /**
     * How much load: simulated views behind the bodies, connections, and per-run bounds; single-event runs are
     * repeated with {@code manyConnections} (0: not), where each log sync acknowledges more requests; batched runs
     * are repeated for {@code withoutRollupDurationMs} (0: not) against a store that keeps no rollup, and paced at
     * {@value #PACED_SHARE} of the accepted rate for {@code pacedDurationMs} (0: not) while the dashboard's questions
     * are asked.
     */
    record Settings(int views, int connections, int manyConnections, long durationMs, long warmupMs,
            long maxRequests, long withoutRollupDurationMs, long pacedDurationMs) {
    }

    /** The dashboard's questions asked in a loop during a paced load, and alone before it on the same server. */
    private record QueriesUnderLoad(LoadGenerator.LoadResult load, double offeredEventsPerSecond, long[] idleNs,
            long[] underLoadNs) {
    }

    /** One collector run against its own server and data directory, after its server was closed. */
    private record StoredRun(boolean keepRollup, LoadGenerator.LoadResult load, long stored, long drainMs, double storedPerSecond) {
    }

    private final Path workDir;
    private final Settings settings;

    IngestBenchmark(Path workDir, Settings settings) {
        this.workDir = workDir;
        this.settings = settings;
    }

    Section run(int eventsPerBody) throws Exception {
        Path dataDir = Files.createDirectories(workDir.resolve("ingest-" + eventsPerBody));
        Path bodiesFile = workDir.resolve("bodies-" + eventsPerBody + ".jsonl");
        BeaconBodies.Written bodies = BeaconBodies.write(bodiesFile, BenchServer.INGEST_KEY, settings.views(),
                eventsPerBody, System.currentTimeMillis());
        Progress.say("ingest %d: %,d bodies of %d events from %,d simulated views", eventsPerBody, bodies.bodies(),
                eventsPerBody, bodies.views());

        LoadGenerator.LoadResult noop;
        LoadGenerator.LoadResult real;
        LoadGenerator.LoadResult manyNoop = null;
        LoadGenerator.LoadResult manyReal = null;
        QueriesUnderLoad queriesUnderLoad = null;
        long drainMs;
        long backlogDrainMs;
        PlaytraceServer server = BenchServer.start(dataDir);
        try {
            noop = LoadProcess.run(server.port(), plan(BenchServer.NOOP_PATH, bodiesFile, settings.connections()));
            Progress.say("ingest %d: no-op %,.0f req/s", eventsPerBody, noop.requestsPerSecond());
            try (BacklogWatch backlog = BacklogWatch.start(server)) {
                real = LoadProcess.run(server.port(), plan(BeaconCollector.PATH, bodiesFile, settings.connections()));
                backlogDrainMs = backlog.drainMsAfter(real.lastAnswerAtEpochMs());
            }
            Progress.say("ingest %d: collector %,.0f req/s, %,.0f events/s, drain %,d ms", eventsPerBody,
                    real.requestsPerSecond(), real.acceptedPerSecond(), backlogDrainMs);
            if (eventsPerBody == 1 && settings.manyConnections() > 0) {
                // other view ids: the first run's views posted again would be dropped as duplicates
                Path manyBodiesFile = workDir.resolve("bodies-" + eventsPerBody + "-many.jsonl");
                BeaconBodies.write(manyBodiesFile, BenchServer.INGEST_KEY, settings.views(), eventsPerBody,
                        System.currentTimeMillis(), "m");
                manyNoop = LoadProcess.run(server.port(), plan(BenchServer.NOOP_PATH, manyBodiesFile,
                        settings.manyConnections()));
                manyReal = LoadProcess.run(server.port(), plan(BeaconCollector.PATH, manyBodiesFile,
                        settings.manyConnections()));
                Progress.say("ingest 1, %d connections: no-op %,.0f req/s, collector %,.0f req/s",
                        settings.manyConnections(), manyNoop.requestsPerSecond(), manyReal.requestsPerSecond());
                awaitStored(server);
            }
            if (eventsPerBody > 1 && settings.pacedDurationMs() > 0) {
                queriesUnderLoad = queriesUnderLoad(server, eventsPerBody, real.acceptedPerSecond() * PACED_SHARE);
                awaitStored(server);
            }
        } finally {
            long closeStart = System.nanoTime();
            server.close();
            drainMs = (System.nanoTime() - closeStart) / 1_000_000;
        }
        long stored = storedEvents(dataDir);
        long acknowledged = real.accepted() + (manyReal == null ? 0 : manyReal.accepted())
                + (queriesUnderLoad == null ? 0 : queriesUnderLoad.load().accepted());
        Section section = section(eventsPerBody, bodies, noop, real, stored, acknowledged, drainMs, backlogDrainMs);
        if (manyReal != null) {
            addManyConnections(section, manyNoop, manyReal);
        }
        if (queriesUnderLoad != null) {
            addQueriesUnderLoad(section, queriesUnderLoad);
        }
        if (eventsPerBody > 1 && settings.withoutRollupDurationMs() > 0) {
            addRollupCost(section, rollupCostRuns(eventsPerBody, bodiesFile));
        }
        return section;
    }

    /**
     * The rollup's cost from fresh servers only, alternating with and without it in the order with, without,
     * without, with: each side sees the same share of a machine whose load drifts during the section, and a like
     * server (same length, fresh store, same warm JVM).
     */
    private List<StoredRun> rollupCostRuns(int eventsPerBody, Path bodiesFile) {
        List<StoredRun> runs = new ArrayList<>();
        for (boolean keepRollup : ROLLUP_COST_ORDER) {
            runs.add(runOnFreshServer(eventsPerBody, bodiesFile, keepRollup, runs.size()));
        }
        return runs;
    }

    /**
     * The collector load for {@code withoutRollupDurationMs} on a fresh server, whose store keeps the rollups or not
     * ({@code DuckDbStore.open(file, false)}); stored events counted after its close, the folder deleted.
     */
    private StoredRun runOnFreshServer(int eventsPerBody, Path bodiesFile, boolean keepRollup, int number) {
        Path dataDir = workDir.resolve("ingest-" + eventsPerBody + "-" + number + (keepRollup ? "-rollup" : "-no-rollup"));
        Path databaseFile = dataDir.resolve(ServerConfig.DEFAULT_DATABASE_FILE);
        String storeUrl = keepRollup ? ServerConfig.defaultStoreUrl(dataDir) : NoRollupDuckDbStoreProvider.url(databaseFile);
        LoadGenerator.LoadResult load;
        long drainMs;
        PlaytraceServer server = BenchServer.start(dataDir, storeUrl);
        try {
            load = LoadProcess.run(server.port(), new LoadProcess.Plan(BeaconCollector.PATH, bodiesFile,
                    settings.connections(), settings.maxRequests(), settings.withoutRollupDurationMs(),
                    settings.warmupMs()));
        } finally {
            long closeStart = System.nanoTime();
            server.close();
            drainMs = (System.nanoTime() - closeStart) / 1_000_000;
        }
        long stored = storedEvents(dataDir, storeUrl);
        double storedPerSecond = stored / (loadSeconds(load) + drainMs / 1000.0);
        Progress.say("ingest %d %s rollup maintenance: %,.0f events/s accepted, %,.0f stored/s", eventsPerBody,
                keepRollup ? "with" : "without", load.acceptedPerSecond(), storedPerSecond);
        try {
            BenchFiles.deleteTree(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoredRun(keepRollup, load, stored, drainMs, storedPerSecond);
    }

    private void addRollupCost(Section section, List<StoredRun> runs) {
        double withPerSecond = meanStoredPerSecond(runs, true);
        double withoutPerSecond = meanStoredPerSecond(runs, false);
        section.row(new Row("stored events/s without rollup maintenance", Row.number(withoutPerSecond),
                "stored events/s, rollup kept (same runs)", Row.number(withPerSecond),
                Row.ratio(withoutPerSecond, withPerSecond), "–", "–"));
        double cost = withoutPerSecond <= 0 ? Double.NaN : 1 - withPerSecond / withoutPerSecond;
        section.row(new Row("rollup maintenance cost (share of stored events/s)",
                Double.isNaN(cost) ? "–" : String.format(Locale.ROOT, "%.0f %%", cost * 100),
                "without rollup maintenance", Row.number(withoutPerSecond),
                Row.ratio(withPerSecond, withoutPerSecond), "≤ 10 %",
                Double.isNaN(cost) ? "–" : Row.met(cost <= ROLLUP_COST_GOAL)));
        section.remark(String.format(Locale.ROOT, "The rollup rows come from %d more runs of the collector load, %,d ms"
                        + " each after the same %,d ms warm-up, each on a fresh server, in the order %s: with the"
                        + " rollups, or on a DuckDB store opened without rollup maintenance (no rollup cubes (hourly,"
                        + " video, five-minute), histogram or viewer sequence tables; views and events written as"
                        + " before). Stored rates are end to end (warm-up, load and close), the mean of each side's"
                        + " runs. Per run: %s.",
                runs.size(), settings.withoutRollupDurationMs(), settings.warmupMs(),
                runs.stream().map(run -> run.keepRollup() ? "with" : "without").collect(Collectors.joining(", ")),
                runs.stream().map(run -> String.format(Locale.ROOT, "%s %,.0f stored/s (%,d requests, %,d not 2xx,"
                                + " %,d of %,d acknowledged events stored, close %,d ms)",
                        run.keepRollup() ? "with" : "without", run.storedPerSecond(), run.load().requests(),
                        run.load().failed(), run.stored(), run.load().accepted(), run.drainMs()))
                        .collect(Collectors.joining("; "))));
    }

    private static double meanStoredPerSecond(List<StoredRun> runs, boolean keepRollup) {
        return runs.stream().filter(run -> run.keepRollup() == keepRollup).mapToDouble(StoredRun::storedPerSecond)
                .average().orElse(Double.NaN);
    }

    /**
     * The dashboard's questions ({@link QueryBenchmark#engineQuestions}, over the day and week ending now) asked in
     * turn on an idle server, then in a loop while a load paced at {@code eventsPerSecond} runs (after its warm-up).
     */
    private QueriesUnderLoad queriesUnderLoad(PlaytraceServer server, int eventsPerBody, double eventsPerSecond)
            throws Exception {
        Path pacedBodies = workDir.resolve("bodies-" + eventsPerBody + "-paced.jsonl");
        // other view ids: the overloaded run's views posted again would be dropped as duplicates
        BeaconBodies.write(pacedBodies, BenchServer.INGEST_KEY, settings.views(), eventsPerBody,
                System.currentTimeMillis(), "p");
        long nowMs = System.currentTimeMillis();
        Collection<Runnable> questions = QueryBenchmark.engineQuestions(server.queries(), BenchServer.PROJECT_ID,
                new TimeRange(nowMs - 7 * 86_400_000L, nowMs + 3_600_000L),
                new TimeRange(nowMs - 86_400_000L, nowMs + 3_600_000L)).values();
        List<Long> idle = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (Runnable question : questions) {
                idle.add(timeNs(question));
            }
        }
        LoadProcess.Plan plan = new LoadProcess.Plan(BeaconCollector.PATH, pacedBodies, settings.connections(),
                settings.maxRequests(), settings.pacedDurationMs(), settings.warmupMs(), eventsPerSecond / eventsPerBody);
        CompletableFuture<LoadGenerator.LoadResult> load = CompletableFuture.supplyAsync(
                () -> LoadProcess.run(server.port(), plan));
        long measureFromNs = System.nanoTime() + settings.warmupMs() * 1_000_000L;
        List<Long> underLoad = new ArrayList<>();
        while (!load.isDone()) {
            for (Runnable question : questions) {
                long startNs = System.nanoTime();
                long tookNs = timeNs(question);
                if (startNs >= measureFromNs && !load.isDone()) {
                    underLoad.add(tookNs);
                }
            }
        }
        LoadGenerator.LoadResult result = load.get();
        Progress.say("ingest %d paced at %,.0f events/s: %,.0f accepted/s, %,d not 2xx; queries p95 %.1f ms (idle %.1f ms)",
                eventsPerBody, eventsPerSecond, result.acceptedPerSecond(), result.failed(),
                Samples.millis(Samples.percentile(toArray(underLoad), 95)),
                Samples.millis(Samples.percentile(toArray(idle), 95)));
        return new QueriesUnderLoad(result, eventsPerSecond, toArray(idle), toArray(underLoad));
    }

    private static long timeNs(Runnable question) {
        long startNs = System.nanoTime();
        question.run();
        return System.nanoTime() - startNs;
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private void addQueriesUnderLoad(Section section, QueriesUnderLoad run) {
        double underLoadP95 = run.underLoadNs().length == 0 ? Double.NaN
                : Samples.millis(Samples.percentile(run.underLoadNs(), 95));
        double idleP95 = Samples.millis(Samples.percentile(run.idleNs(), 95));
        section.row(new Row("paced load: accepted events/s",
                Row.number(run.load().acceptedPerSecond()), "offered", Row.number(run.offeredEventsPerSecond()),
                Row.ratio(run.load().acceptedPerSecond(), run.offeredEventsPerSecond()), "–", "–"));
        section.row(new Row("dashboard questions p95 during the paced load (" + run.underLoadNs().length + " asked)",
                Double.isNaN(underLoadP95) ? "–" : Row.ms(underLoadP95),
                "same questions, idle server (" + run.idleNs().length + " asked)", Row.ms(idleP95),
                Double.isNaN(underLoadP95) ? "–" : Row.ratio(underLoadP95, idleP95), "≤ 200 ms",
                Double.isNaN(underLoadP95) ? "–" : Row.met(underLoadP95 <= QUERIES_UNDER_INGEST_GOAL_MS)));
        section.remark(String.format(Locale.ROOT, "The paced rows post other simulated views at %.0f %% of the accepted"
                        + " rate above (what the store sustained under overload), for %,d ms after a %,d ms warm-up"
                        + " (%,d requests, %,d not 2xx), while one thread asks the query section's questions (overall,"
                        + " timeseries, breakdowns, startup percentiles, unique viewers, the overview set; over the day"
                        + " and week ending now, so over this server's own data) in turn, in process through"
                        + " `QueryService`; the baseline asks them five times each on the same server before the"
                        + " paced load. Its events are counted in the stored / acknowledged row.",
                PACED_SHARE * 100, settings.pacedDurationMs(), settings.warmupMs(), run.load().requests(),
                run.load().failed()));
    }

    /** The same single-event load with more requests in flight, after the first run was stored. */
    private void addManyConnections(Section section, LoadGenerator.LoadResult noop, LoadGenerator.LoadResult real) {
        int connections = settings.manyConnections();
        double realRps = real.requestsPerSecond();
        double noopRps = noop.requestsPerSecond();
        section.row(new Row("requests/s, " + connections + " connections", Row.number(realRps),
                "no-op route, " + connections + " connections", Row.number(noopRps), Row.ratio(realRps, noopRps),
                "≥ 0.80× no-op", Row.met(realRps >= SINGLE_EVENT_GOAL_RATIO * noopRps)));
        section.row(new Row("latency p50, " + connections + " connections", Row.ms(Samples.millis(real.p50Ns())),
                "no-op", Row.ms(Samples.millis(noop.p50Ns())), Row.ratio(real.p50Ns(), noop.p50Ns()), "–", "–"));
        section.remark(String.format(Locale.ROOT, "The %d-connection rows repeat the load with %d requests in flight"
                + " (%,d to the collector, %,d not 2xx; %,d to the no-op): each sync of the ingest log then acknowledges"
                + " all the requests waiting for it, so requests/s is bounded by the CPU rather than by sync latency."
                + " The events-stored row counts both runs.", connections, connections, real.requests(),
                real.failed(), noop.requests()));
    }

    /** Waits until every acknowledged event is in the store (polled every millisecond). */
    private static void awaitStored(PlaytraceServer server) {
        while (server.unstoredEvents() > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private LoadProcess.Plan plan(String path, Path bodies, int connections) {
        return new LoadProcess.Plan(path, bodies, connections, settings.maxRequests(),
                settings.durationMs(), settings.warmupMs());
    }

    private static long storedEvents(Path dataDir) {
        return storedEvents(dataDir, ServerConfig.defaultStoreUrl(dataDir));
    }

    /** The bench project's events in the store of {@code storeUrl} (opened, counted, closed). */
    static long storedEvents(Path dataDir, String storeUrl) {
        try (PlaytraceServer.StoreHandle handle = PlaytraceServer.openStore(dataDir, storeUrl)) {
            return handle.store().views().select(new SqlStatement("SELECT count(*) AS event_count FROM "
                    + EventTable.NAME + " WHERE project_id = ?", List.of(BenchServer.PROJECT_ID)))
                    .getFirst().longOrZero("event_count");
        }
    }

    /** Warm-up and measured time of a load run. */
    private double loadSeconds(LoadGenerator.LoadResult load) {
        return (settings.warmupMs() * 1_000_000L + load.measuredNs()) / 1e9;
    }

    /** The first run's share of what is stored (all of it when nothing acknowledged is missing) per second. */
    private double storedPerSecond(LoadGenerator.LoadResult real, long stored, long acknowledged, long drainMs) {
        long storedOfTheFirstRun = stored - (acknowledged - real.accepted());
        return storedOfTheFirstRun / (loadSeconds(real) + drainMs / 1000.0);
    }

    /** @param acknowledged by every run of the section (the stored events are counted once, after all of them) */
    private Section section(int eventsPerBody, BeaconBodies.Written bodies, LoadGenerator.LoadResult noop,
            LoadGenerator.LoadResult real, long stored, long acknowledged, long drainMs, long backlogDrainMs) {
        String title = String.format(Locale.ROOT, "Ingest, %d event%s per beacon", eventsPerBody, eventsPerBody == 1 ? "" : "s");
        Section section = new Section(title, String.format(Locale.ROOT,
                "`%s` load generator process, %d keep-alive connections over loopback, %,d ms warm-up then %,d ms"
                        + " measured (at most %,d requests). Bodies: %,d of exactly %d events, regrouped in send order"
                        + " from %,d simulated views (delivery faults off; replayed with fresh view ids when the file"
                        + " runs out). Baseline: the same process posting the same bodies to `POST %s` on the same"
                        + " server (reads the body, answers 200, nothing else).",
                LoadGenerator.class.getSimpleName(), settings.connections(), settings.warmupMs(),
                settings.durationMs(), settings.maxRequests(), bodies.bodies(), eventsPerBody, bodies.views(),
                BenchServer.NOOP_PATH));
        double realRps = real.requestsPerSecond();
        double noopRps = noop.requestsPerSecond();
        boolean single = eventsPerBody == 1;
        section.row(new Row("requests/s", Row.number(realRps), "no-op route", Row.number(noopRps),
                Row.ratio(realRps, noopRps), single ? "≥ 0.80× no-op" : "–",
                single ? Row.met(realRps >= SINGLE_EVENT_GOAL_RATIO * noopRps) : "–"));
        double eventsPerSecond = real.acceptedPerSecond();
        double noopEventsPerSecond = noopRps * eventsPerBody;
        boolean sustained = settings.durationMs() >= SUSTAINED_GOAL_MS;
        section.row(new Row("accepted events/s", Row.number(eventsPerSecond), "no-op (events posted/s)",
                Row.number(noopEventsPerSecond), Row.ratio(eventsPerSecond, noopEventsPerSecond),
                single ? "–" : "≥ 250,000/s for 60 s",
                single ? "–" : sustained ? Row.met(eventsPerSecond >= BATCHED_GOAL_EVENTS_PER_SECOND)
                        : "not run for 60 s"));
        // acknowledged is not stored: the sessionizer may hold a backlog that closing the server writes out
        double loadSeconds = loadSeconds(real);
        double storedPerSecond = storedPerSecond(real, stored, acknowledged, drainMs);
        section.row(new Row("stored events/s, end to end", Row.number(storedPerSecond), "accepted events/s, whole load",
                Row.number(real.accepted() / loadSeconds), Row.ratio(storedPerSecond, real.accepted() / loadSeconds),
                "–", "–"));
        section.row(new Row("latency p50", Row.ms(Samples.millis(real.p50Ns())), "no-op", Row.ms(Samples.millis(noop.p50Ns())),
                Row.ratio(real.p50Ns(), noop.p50Ns()), "–", "–"));
        section.row(new Row("latency p99", Row.ms(Samples.millis(real.p99Ns())), "no-op", Row.ms(Samples.millis(noop.p99Ns())),
                Row.ratio(real.p99Ns(), noop.p99Ns()), "–", "–"));
        section.row(new Row("events stored / acknowledged", Row.number(stored) + " / " + Row.number(acknowledged),
                "acknowledged", Row.number(acknowledged), Row.ratio(stored, acknowledged), "stored = acknowledged",
                Row.met(stored == acknowledged && acknowledged > 0)));
        section.row(new Row("drain: load stop → all acknowledged stored", Row.ms(backlogDrainMs), "–", "–", "–",
                single ? "–" : "< 1 s", single ? "–" : Row.met(backlogDrainMs < 1_000)));
        section.remark(String.format(Locale.ROOT, "Requests: %,d to the collector (%,d not 2xx: 503 when the"
                        + " acknowledged-but-unstored backlog is at its bound, and the load generator does not retry"
                        + " them), %,d to the no-op (%,d failed). Every 2xx was durable (fsync'd in the ingest log)"
                        + " before it was sent. The store held every acknowledged event %,d ms after the load's last"
                        + " answer (the drain row: the server's backlog sampled every millisecond, on the wall clock,"
                        + " against the load process's last answer); closing the server then took %,d ms. \"Stored events/s, end to"
                        + " end\" divides the stored events by the whole load (warm-up included) plus the close.",
                real.requests(), real.failed(), noop.requests(), noop.failed(), backlogDrainMs, drainMs));
        if (real.error() != null || noop.error() != null) {
            section.remark("First client error: " + (real.error() != null ? real.error() : noop.error()));
        }
        return section;
    }
}
