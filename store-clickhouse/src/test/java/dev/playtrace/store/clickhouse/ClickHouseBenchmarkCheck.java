package dev.playtrace.store.clickhouse;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.conformance.ViewBuilder;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the ClickHouse store on a running server: {@code java ... ClickHouseBenchmarkCheck <store url> [views]
 * [batch]}. Writes views (every third a newer version of an earlier one) and four events for each of the first fifth
 * of them over HTTP, then asks the query benchmark's questions ({@code bench}'s {@code QueryBenchmark}) through the
 * query engine, 10 runs each after one to warm up, and prints p50 and p95.
 */
public final class ClickHouseBenchmarkCheck {
    private static final long DAY_MS = 86_400_000L;
    private static final long END_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final int RUNS = 10;

    public static void main(String[] args) {
        String url = args[0];
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        try (PlaytraceStore store = PlaytraceStores.open(url)) {
            write(store, total, batch);
            ask(store);
        }
    }

    private static void write(PlaytraceStore store, int total, int batch) {
        long viewNanos = 0;
        long eventNanos = 0;
        long events = 0;
        for (int offset = 0; offset < total; offset += batch) {
            List<View> views = new ArrayList<>(batch);
            List<PlayerEvent> batchEvents = new ArrayList<>();
            for (int i = offset; i < Math.min(total, offset + batch); i++) {
                boolean upsert = i % 3 == 0 && i > batch;
                int id = upsert ? i - batch : i;
                long playMs = END_MS - 7 * DAY_MS + (long) id * (7 * DAY_MS / total);
                views.add(ViewBuilder.view(viewId(id), playMs).version(i).viewer("viewer-" + id % (total / 3 + 1))
                        .started(500 + i % 4_500).playing(60_000 + i % 5_000).rebuffering(i % 3, (i % 3) * 400L)
                        .country(List.of("US", "DE", "FR", "BR", "JP", "IN", "GB", "CA", "MX", "KR").get(id % 10))
                        .browser(List.of("Chrome", "Safari", "Firefox", "Edge").get(id % 4))
                        .dimension(Dimension.VIDEO_ID, "video-" + id % 1_000)
                        .bitrate(2_500_000.0 + i % 1_000).upscale(1.5, 10.0).scores(100.0, 90.0, 80.0, 70.0, 75.0).build());
                if (!upsert && i < total / 5) {
                    for (int sequence = 1; sequence <= 4; sequence++) {
                        batchEvents.add(new PlayerEvent("p1", viewId(id), sequence, EventName.HEARTBEAT,
                                playMs + sequence * 10_000L, playMs + sequence * 10_000L, sequence * 10_000L,
                                playMs + sequence * 10_000L + 50, Map.of("video_title", "Title " + id % 1_000)));
                    }
                }
            }
            long started = System.nanoTime();
            store.views().upsertViews(views);
            viewNanos += System.nanoTime() - started;
            if (!batchEvents.isEmpty()) {
                started = System.nanoTime();
                store.views().appendEvents(batchEvents);
                eventNanos += System.nanoTime() - started;
                events += batchEvents.size();
            }
        }
        System.out.printf("views: %,d in batches of %,d: %.0f views/s%n", total, batch, total / (viewNanos / 1e9));
        System.out.printf("events: %,d: %.0f events/s%n", events, events / (eventNanos / 1e9));
    }

    private static void ask(PlaytraceStore store) {
        TimeRange week = new TimeRange(END_MS - 7 * DAY_MS, END_MS);
        TimeRange day = new TimeRange(END_MS - DAY_MS, END_MS);
        QueryEngine queries = new QueryEngine(store.views(), Clock.fixed(Instant.ofEpochMilli(END_MS), ZoneOffset.UTC));
        Query views = Query.of("p1", "views", week);
        Map<String, Runnable> questions = new LinkedHashMap<>();
        questions.put("overall: views, 7 days", () -> queries.run(views));
        questions.put("overall: rebuffer_percentage, 7 days", () -> queries.run(Query.of("p1", "rebuffer_percentage", week)));
        questions.put("timeseries: views hourly, 7 days", () -> queries.run(views.withGranularity(Granularity.HOUR)));
        questions.put("timeseries: views 5-minute, 1 day",
                () -> queries.run(Query.of("p1", "views", day).withGranularity(Granularity.FIVE_MINUTES)));
        questions.put("breakdown: views by country",
                () -> queries.run(views.withGroupBy(Dimension.COUNTRY).withPage(Page.number(100, 1))));
        questions.put("breakdown: views by video",
                () -> queries.run(views.withGroupBy(Dimension.VIDEO_ID).withPage(Page.number(100, 1))));
        questions.put("startup time median and 95th", () -> {
            queries.run(Query.of("p1", "video_startup_time", week).withMeasurement(Measurement.MEDIAN));
            queries.run(Query.of("p1", "video_startup_time", week).withMeasurement(Measurement.P95));
        });
        questions.put("unique viewers, 7 days", () -> queries.run(Query.of("p1", "unique_viewers", week)));
        for (Map.Entry<String, Runnable> question : questions.entrySet()) {
            question.getValue().run();
            long[] nanos = new long[RUNS];
            for (int run = 0; run < RUNS; run++) {
                long started = System.nanoTime();
                question.getValue().run();
                nanos[run] = System.nanoTime() - started;
            }
            Arrays.sort(nanos);
            System.out.printf("%s: p50 %.1f ms, p95 %.1f ms%n", question.getKey(), nanos[RUNS / 2] / 1e6,
                    nanos[(int) Math.ceil(0.95 * RUNS) - 1] / 1e6);
        }
    }

    private static String viewId(int id) {
        return new java.util.UUID(id * 0x9E3779B97F4A7C15L, id).toString();
    }
}
