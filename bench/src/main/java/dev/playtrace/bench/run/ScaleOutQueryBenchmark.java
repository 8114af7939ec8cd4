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
        String database = "bench_queries_" + dataset.views();
        String storeUrl = "clickhouse://127.0.0.1:" + clickHouseHttpPort + "/" + database;
        try (PlaytraceServer.StoreHandle duckDb = PlaytraceServer.openStore(dataset.dataDir());
             PlaytraceStore clickHouse = PlaytraceStores.open(storeUrl)) {
            Load load = copyViews(duckDb.store().views(), clickHouse.views(), dataset.views(), clickHouseHttpPort, database);
            Section section = new Section(title, method(dataset, load));
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
            section.remark("Where the time goes: ClickHouse reads `views FINAL` (the newest version of each view,"
                    + " merged at query time) in its own process, answering over HTTP in TSV that this JVM parses;"
                    + " DuckDB runs in this JVM. The overview set is the Queries section's (six questions one after"
                    + " another). The DuckDB figures here read the views table; the Queries section has DuckDB with its"
                    + " hourly rollup, which the ClickHouse store does not keep.");
            return section;
        }
    }

    /** What copying the views into ClickHouse took: reading them from DuckDB, ClickHouse's writes, its merge. */
    private record Load(double seconds, double writeSeconds, double mergeSeconds) {
    }

    /**
     * Copies every view in pages of {@value #COPY_BATCH_VIEWS} DuckDB row ids (a range of row ids is read without
     * sorting the table), then has ClickHouse merge the parts the inserts left, as it does in the background over time.
     */
    private static Load copyViews(ViewStore from, ViewStore to, int expectedViews, int httpPort, String database) {
        long startNs = System.nanoTime();
        String columns = String.join(", ", ViewTable.storedColumnNames());
        long lastRowId = from.select(new SqlStatement("SELECT max(rowid) AS last_row FROM " + ViewTable.NAME, List.of()))
                .getFirst().longOrZero("last_row");
        long writeNs = 0;
        int copied = 0;
        for (long first = 0; first <= lastRowId; first += COPY_BATCH_VIEWS) {
            List<View> page = from.select(new SqlStatement("SELECT " + columns + " FROM " + ViewTable.NAME
                    + " WHERE rowid >= ? AND rowid < ?", List.of(first, first + COPY_BATCH_VIEWS)))
                    .stream().map(ViewTable::toView).toList();
            if (page.isEmpty()) {
                continue;
            }
            long writeStartNs = System.nanoTime();
            to.upsertViews(page);
            writeNs += System.nanoTime() - writeStartNs;
            copied += page.size();
            if (copied % 500_000 < page.size()) {
                Progress.say("scale-out queries: %,d of %,d views copied into ClickHouse", copied, expectedViews);
            }
        }
        if (copied != expectedViews) {
            throw new IllegalStateException("copied " + copied + " views into ClickHouse, expected " + expectedViews);
        }
        long mergeStartNs = System.nanoTime();
        ClickHouseStatements.execute(httpPort, database, "OPTIMIZE TABLE " + ViewTable.NAME + " FINAL");
        long endNs = System.nanoTime();
        return new Load((endNs - startNs) / 1e9, writeNs / 1e9, (endNs - mergeStartNs) / 1e9);
    }

    private String method(BenchDataset.Ready dataset, Load load) {
        return String.format(Locale.ROOT, "The Queries section's dataset of %,d views (DuckDB) copied into a fresh"
                        + " ClickHouse database (`clickhouse-server` on this machine, started from the store tests'"
                        + " scratch config) with the store's `upsertViews` in batches of %,d, then `OPTIMIZE TABLE"
                        + " views FINAL` (the merge ClickHouse does in the background over time): %.0f s in all, of it"
                        + " %.0f s of ClickHouse writes (%,.0f views/s) and %.0f s of merge, the rest reading DuckDB."
                        + " Each question of the Queries section's set runs once to warm up, then up to %d times"
                        + " (stopping after %,d ms once 3 runs are done) through `QueryEngine` in this JVM, on ClickHouse"
                        + " and, as the baseline, on DuckDB with the same catalogue query over its views table"
                        + " (`QueryEngine.Rollups.NEVER`). The issue asks for 10M views; at this copy rate 10M takes"
                        + " about %.0f minutes more, so the default is 1M (`--scale-out-views 10000000` for the full"
                        + " size, with the Queries part's 10M dataset).",
                dataset.views(), COPY_BATCH_VIEWS, load.seconds(), load.writeSeconds(),
                dataset.views() / load.writeSeconds(), load.mergeSeconds(), repeat, budgetMsPerQuestion,
                10_000_000 / (dataset.views() / load.seconds()) / 60);
    }
}
