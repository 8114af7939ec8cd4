package dev.playtrace.bench.run;

import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.ViewTable;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query benchmark's question set on ClickHouse, one server and two shards, next to DuckDB, on the same views: the
 * {@link BenchDataset} (DuckDB) is copied into ClickHouse once and kept for later runs ({@link ClickHouseCopy}), then
 * every question is asked of all three through the query engine. DuckDB's engine reads its views table (no rollup,
 * which ClickHouse has not), so all three answer with the catalogue's SQL over one table of views.
 */
final class ScaleOutQueryBenchmark {
    private static final long DAY_MS = 86_400_000L;
    /** Runs of the FINAL probe: a week's views counted with and without FINAL in plain SQL. */
    private static final int FINAL_PROBE_RUNS = 5;

    private final QueryBenchmark timer;
    private final int repeat;
    private final long budgetMsPerQuestion;

    ScaleOutQueryBenchmark(int repeat, long budgetMsPerQuestion) {
        this.timer = new QueryBenchmark(repeat, budgetMsPerQuestion);
        this.repeat = repeat;
        this.budgetMsPerQuestion = budgetMsPerQuestion;
    }

    Section run(BenchDataset.Ready dataset) {
        String title = String.format(Locale.ROOT, "%s, %,d views", ScaleOutBenchmark.QUERIES_TITLE, dataset.views());
        Path kept = dataset.dataDir().resolve("clickhouse");
        KeptClickHouse oneServer;
        KeptClickHouse twoShards;
        long startNs = System.nanoTime();
        try {
            Progress.say("scale-out queries: starting ClickHouse (one server, two shards) on the data kept in %s", kept);
            oneServer = KeptClickHouse.oneServer(kept.resolve("one-server"));
        } catch (RuntimeException e) {
            return skipped(title, e);
        }
        try (oneServer) {
            try {
                twoShards = KeptClickHouse.shards(List.of(kept.resolve("two-shards").resolve("shard-1"),
                        kept.resolve("two-shards").resolve("shard-2")));
            } catch (RuntimeException e) {
                return skipped(title, e);
            }
            try (twoShards) {
                double startSeconds = (System.nanoTime() - startNs) / 1e9;
                ClickHouseCopy.Ready one = ClickHouseCopy.oneServer(dataset, oneServer, kept.resolve("one-server.properties"));
                ClickHouseCopy.Ready shards = ClickHouseCopy.twoShards(dataset, twoShards, oneServer,
                        kept.resolve("two-shards.properties"));
                return ask(title, dataset, one, shards, oneServer, twoShards, startSeconds);
            }
        }
    }

    private Section ask(String title, BenchDataset.Ready dataset, ClickHouseCopy.Ready one, ClickHouseCopy.Ready shards,
            KeptClickHouse oneServer, KeptClickHouse twoShards, double startSeconds) {
        long endMs = dataset.window().toMs();
        TimeRange week = new TimeRange(endMs - 7 * DAY_MS, endMs);
        TimeRange day = new TimeRange(endMs - DAY_MS, endMs);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(endMs), ZoneOffset.UTC);
        String loadBefore = MachineInfo.loadAverage();
        try (PlaytraceServer.StoreHandle duckDb = PlaytraceServer.openStore(dataset.dataDir());
             PlaytraceStore oneClickHouse = PlaytraceStores.open(one.storeUrl());
             PlaytraceStore shardedClickHouse = PlaytraceStores.open(shards.storeUrl())) {
            Map<String, Runnable> onOneServer = QueryBenchmark.engineQuestions(
                    new QueryEngine(oneClickHouse.views(), clock), BenchServer.PROJECT_ID, week, day);
            Map<String, Runnable> onTwoShards = QueryBenchmark.engineQuestions(
                    new QueryEngine(shardedClickHouse.views(), clock), BenchServer.PROJECT_ID, week, day);
            Map<String, Runnable> onDuckDb = QueryBenchmark.engineQuestions(new QueryEngine(duckDb.store().views(), clock,
                    MetricCatalog.standard(), QueryEngine.Rollups.NEVER), BenchServer.PROJECT_ID, week, day);
            Section section = new Section(title, method(dataset, one, shards, startSeconds, loadBefore));
            for (String name : onOneServer.keySet()) {
                try {
                    QueryBenchmark.Timing oneTiming = timer.time(onOneServer.get(name));
                    QueryBenchmark.Timing shardsTiming = timer.time(onTwoShards.get(name));
                    QueryBenchmark.Timing duckDbTiming = timer.time(onDuckDb.get(name));
                    Progress.say("scale-out queries %,d: %s: p95 ClickHouse one server %.1f ms, two shards %.1f ms,"
                                    + " DuckDB %.1f ms (load %s)", dataset.views(), name, oneTiming.p95Ms(),
                            shardsTiming.p95Ms(), duckDbTiming.p95Ms(), MachineInfo.loadAverage());
                    String baseline = "DuckDB p95 (" + duckDbTiming.runs() + " runs)";
                    section.row(new Row(name + " p95 on ClickHouse, one server (" + oneTiming.runs() + " runs)",
                            Row.ms(oneTiming.p95Ms()), baseline, Row.ms(duckDbTiming.p95Ms()),
                            Row.ratio(oneTiming.p95Ms(), duckDbTiming.p95Ms()), "–", "–"));
                    section.row(new Row(name + " p95 on ClickHouse, two shards (" + shardsTiming.runs() + " runs)",
                            Row.ms(shardsTiming.p95Ms()), baseline, Row.ms(duckDbTiming.p95Ms()),
                            Row.ratio(shardsTiming.p95Ms(), duckDbTiming.p95Ms()), "–", "–"));
                } catch (PlaytraceException e) {
                    section.remark("\"" + name + "\" was cancelled: " + e.getMessage() + " (the question has no row).");
                }
            }
            section.remark(String.format(Locale.ROOT, "Load average (1, 5, 15 min) before the questions: %s; after: %s.",
                    loadBefore, MachineInfo.loadAverage()));
            section.remark(finalProbe(week, oneServer, twoShards));
            section.remark("Where the time goes: ClickHouse reads `views FINAL` (the newest version of each view,"
                    + " merged at query time even on merged parts) in its own process and answers over HTTP in TSV that"
                    + " this JVM parses (one row for an overall figure, up to 168 or 288 for a timeseries, 100 for a"
                    + " breakdown page); DuckDB runs in this JVM on the same 2 cores. Two shards split every question"
                    + " in two halves that the shards answer at the same time and the first server combines: on this"
                    + " 2-core machine they share the cores with each other and with this JVM, so at most the second"
                    + " core is gained, and what sharding buys (the disk, memory and CPU of more machines) cannot show"
                    + " here. The overview set is the Queries section's (six questions one after another). The DuckDB"
                    + " figures here read the views table; the Queries section has DuckDB with its hourly rollup,"
                    + " which the ClickHouse store does not keep.");
            return section;
        }
    }

    /**
     * What FINAL costs: a week's views counted in plain SQL over HTTP with and without FINAL, on one server and on two
     * shards (every view has one row after the copy's merge, so both counts are equal; FINAL still merges at read).
     */
    private static String finalProbe(TimeRange week, KeptClickHouse oneServer, KeptClickHouse twoShards) {
        String filter = " WHERE project_id = '" + BenchServer.PROJECT_ID + "' AND view_start_ms >= " + week.fromMs()
                + " AND view_start_ms < " + week.toMs();
        int onePort = oneServer.httpPorts().getFirst();
        int shardsPort = twoShards.httpPorts().getFirst();
        String withFinal = "SELECT count() FROM " + ViewTable.NAME + " FINAL" + filter;
        String withoutFinal = "SELECT count() FROM " + ViewTable.NAME + filter;
        return String.format(Locale.ROOT, "FINAL, measured apart: `SELECT count() FROM views [FINAL]` over the week"
                        + " (median of %d runs, plain SQL over HTTP): one server %s with FINAL, %s without;"
                        + " two shards %s with FINAL, %s without.", FINAL_PROBE_RUNS,
                Row.ms(medianMs(onePort, withFinal)), Row.ms(medianMs(onePort, withoutFinal)),
                Row.ms(medianMs(shardsPort, withFinal)), Row.ms(medianMs(shardsPort, withoutFinal)));
    }

    private static double medianMs(int httpPort, String sql) {
        ClickHouseStatements.queryLong(httpPort, ClickHouseCopy.DATABASE, sql); // warm-up
        long[] nanos = new long[FINAL_PROBE_RUNS];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            ClickHouseStatements.queryLong(httpPort, ClickHouseCopy.DATABASE, sql);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }

    private String method(BenchDataset.Ready dataset, ClickHouseCopy.Ready one, ClickHouseCopy.Ready shards,
            double startSeconds, String loadBefore) {
        return String.format(Locale.ROOT, "The Queries section's dataset of %,d views (DuckDB), copied into ClickHouse"
                        + " (Debian's `clickhouse-server` 18.16 on this machine, from the store tests' config) twice:"
                        + " one server (`clickhouse://host/db`), and two shards (two server processes,"
                        + " `clickhouse://a,b/db?cluster=...`: `views_local` on each, the Distributed `views` on the"
                        + " first). The copies are kept beside the dataset (`views-%d/clickhouse` in the bench's data"
                        + " directory, `--data-dir`) and reused while they hold the same dataset (a marker names its"
                        + " size, seed and time window): one server %s, two shards %s; starting the three servers on"
                        + " them took %.1f s in this run. One server: every view read"
                        + " from DuckDB in one streaming scan and written with the ClickHouse store's `upsertViews`"
                        + " (RowBinary, every double bit for bit) in batches of 50,000, then `OPTIMIZE TABLE views"
                        + " FINAL` (the merge ClickHouse does in the background over time). Two shards: the sharded"
                        + " store creates its tables, then `INSERT INTO views SELECT ... FROM remote(one server)` into"
                        + " the Distributed table (each view to shard `cityHash64(view_id) %% 2`, as the store's writes),"
                        + " then `OPTIMIZE` on each shard. Each question of the Queries section's set runs once to warm"
                        + " up, then up to %d times (stopping after %,d ms once 3 runs are done) through `QueryEngine` in"
                        + " this JVM, on one server, on two shards and, as the baseline, on DuckDB with the same"
                        + " catalogue query over its views table (`QueryEngine.Rollups.NEVER`). All three servers run"
                        + " during the questions; the ones not asked are idle. Load average before: %s.",
                dataset.views(), dataset.views(), copied(one), copied(shards), startSeconds, repeat,
                budgetMsPerQuestion, loadBefore);
    }

    private static String copied(ClickHouseCopy.Ready copy) {
        return copy.reused()
                ? String.format(Locale.ROOT, "reused (copied in %.0f s at %s)", copy.seconds(), copy.builtAt())
                : String.format(Locale.ROOT, "copied in this run in %.0f s", copy.seconds());
    }

    private static Section skipped(String title, RuntimeException e) {
        String why = "ClickHouse could not start: " + e.getMessage();
        Progress.say("scale-out: %s skipped: %s", title, why);
        return new Section(title, "skipped: " + why);
    }
}
