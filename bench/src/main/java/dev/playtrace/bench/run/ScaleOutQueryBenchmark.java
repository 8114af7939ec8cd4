package dev.playtrace.bench.run;

import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query benchmark's question set on ClickHouse next to DuckDB, on the same views: a {@link BenchDataset} (DuckDB)
 * is copied view by view into a fresh ClickHouse database through the store's own writes, then every question is asked
 * of both through the query engine. DuckDB's engine reads its views table (no rollup, which ClickHouse has not), so
 * both answer with the catalogue's SQL over one table of views.
 */
final class ScaleOutQueryBenchmark {
    private static final long DAY_MS = 86_400_000L;
    private static final int COPY_BATCH_VIEWS = 20_000;

    private final QueryBenchmark timer;
    private final int repeat;
    private final long budgetMsPerQuestion;

    ScaleOutQueryBenchmark(int repeat, long budgetMsPerQuestion) {
        this.timer = new QueryBenchmark(repeat, budgetMsPerQuestion);
        this.repeat = repeat;
        this.budgetMsPerQuestion = budgetMsPerQuestion;
    }

    Section run(BenchDataset.Ready dataset, int clickHouseHttpPort) {
        String title = String.format(Locale.ROOT, "%s, %,d views", ScaleOutBenchmark.QUERIES_TITLE, dataset.views());
        long endMs = dataset.window().toMs();
        TimeRange week = new TimeRange(endMs - 7 * DAY_MS, endMs);
        TimeRange day = new TimeRange(endMs - DAY_MS, endMs);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(endMs), ZoneOffset.UTC);
        String storeUrl = "clickhouse://127.0.0.1:" + clickHouseHttpPort + "/bench_queries_" + dataset.views();
        try (PlaytraceServer.StoreHandle duckDb = PlaytraceServer.openStore(dataset.dataDir());
             PlaytraceStore clickHouse = PlaytraceStores.open(storeUrl)) {
            double loadSeconds = copyViews(duckDb.store().views(), clickHouse.views(), dataset.views());
            Section section = new Section(title, method(dataset, loadSeconds));
            Map<String, Runnable> onClickHouse = QueryBenchmark.engineQuestions(
                    new QueryEngine(clickHouse.views(), clock), BenchServer.PROJECT_ID, week, day);
            Map<String, Runnable> onDuckDb = QueryBenchmark.engineQuestions(new QueryEngine(duckDb.store().views(), clock,
                    MetricCatalog.standard(), QueryEngine.Rollups.NEVER), BenchServer.PROJECT_ID, week, day);
            for (Map.Entry<String, Runnable> question : onClickHouse.entrySet()) {
                String name = question.getKey();
                try {
                    QueryBenchmark.Timing clickHouseTiming = timer.time(question.getValue());
                    QueryBenchmark.Timing duckDbTiming = timer.time(onDuckDb.get(name));
                    Progress.say("scale-out queries %,d: %s: p95 ClickHouse %.1f ms, DuckDB %.1f ms", dataset.views(),
                            name, clickHouseTiming.p95Ms(), duckDbTiming.p95Ms());
                    section.row(new Row(name + " p95 on ClickHouse (" + clickHouseTiming.runs() + " runs)",
                            Row.ms(clickHouseTiming.p95Ms()), "DuckDB p95 (" + duckDbTiming.runs() + " runs)",
                            Row.ms(duckDbTiming.p95Ms()), Row.ratio(clickHouseTiming.p95Ms(), duckDbTiming.p95Ms()),
                            "–", "–"));
                } catch (PlaytraceException e) {
                    section.remark("\"" + name + "\" was cancelled: " + e.getMessage() + " (the question has no row).");
                }
            }
            section.remark("Where the time goes: ClickHouse reads `views FINAL` (the newest version of each view, merged"
                    + " at query time over the parts the inserts left) through its HTTP interface and a TSV answer;"
                    + " DuckDB runs in this JVM. The overview set is the Queries section's (six questions one after"
                    + " another). The DuckDB figures here read the views table; the Queries section has DuckDB with its"
                    + " hourly rollup, which the ClickHouse store does not keep.");
            return section;
        }
    }

    /** Copies every view in pages of {@value #COPY_BATCH_VIEWS}; returns the seconds ClickHouse's writes took. */
    private static double copyViews(ViewStore from, ViewStore to, int expectedViews) {
        String columns = String.join(", ", ViewTable.storedColumnNames());
        String after = "";
        long writeNs = 0;
        int copied = 0;
        while (true) {
            List<View> page = from.select(new SqlStatement("SELECT " + columns + " FROM " + ViewTable.NAME
                    + " WHERE view_id > ? ORDER BY view_id LIMIT " + COPY_BATCH_VIEWS, List.of(after)))
                    .stream().map(ViewTable::toView).toList();
            if (page.isEmpty()) {
                break;
            }
            long startNs = System.nanoTime();
            to.upsertViews(page);
            writeNs += System.nanoTime() - startNs;
            copied += page.size();
            after = page.getLast().viewId();
            if (copied % 200_000 < COPY_BATCH_VIEWS) {
                Progress.say("scale-out queries: %,d of %,d views copied into ClickHouse", copied, expectedViews);
            }
        }
        if (copied != expectedViews) {
            throw new IllegalStateException("copied " + copied + " views into ClickHouse, expected " + expectedViews);
        }
        return writeNs / 1e9;
    }

    private String method(BenchDataset.Ready dataset, double loadSeconds) {
        return String.format(Locale.ROOT, "The Queries section's dataset of %,d views (DuckDB) copied into a fresh"
                        + " ClickHouse database (`clickhouse-server` on this machine, started from the store tests'"
                        + " scratch config) with the store's `upsertViews` in batches of %,d: %.0f s of ClickHouse"
                        + " writes (%,.0f views/s). Each question of the Queries section's set runs once to warm up,"
                        + " then up to %d times (stopping after %,d ms once 3 runs are done) through `QueryEngine` in"
                        + " this JVM, on ClickHouse and, as the baseline, on DuckDB with the same catalogue query over"
                        + " its views table (`QueryEngine.Rollups.NEVER`). The issue asks for 10M views; copying 10M"
                        + " into ClickHouse 18.16 takes about %.0f minutes at this rate, so the default is 1M"
                        + " (`--scale-out-views 10000000` for the full size).",
                dataset.views(), COPY_BATCH_VIEWS, loadSeconds, dataset.views() / loadSeconds, repeat,
                budgetMsPerQuestion, 10_000_000 / (dataset.views() / loadSeconds) / 60);
    }
}
