package dev.playtrace.bench.run;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewHistogramTable;
import dev.playtrace.store.spi.ViewerSequenceHourlyTable;
import dev.playtrace.store.spi.ViewerSequenceTable;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;
import dev.playtrace.server.PlaytraceServer;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Query latency on a {@link BenchDataset}: each question asked of the query engine ({@link QueryService}, the code
 * behind {@code /data/v1} and the facades, in process) and, as the baseline, the same question asked of the raw
 * events table with plain hand-written SQL through the same store. p50/p95 over repeated runs, after one warm-up run.
 */
final class QueryBenchmark {
    /** Issue 18's goals (p95): overall and timeseries, breakdowns, unique viewers, the overview set, one view's page. */
    private static final Goal OVERALL_GOAL = new Goal(30, 100);
    private static final Goal BREAKDOWN_GOAL = new Goal(50, 100);
    private static final Goal VIEWERS_GOAL = new Goal(100, 300);
    private static final Goal OVERVIEW_GOAL = new Goal(150, 300);
    private static final Goal VIEW_PAGE_GOAL = new Goal(10, 20);
    /** Views whose page is asked for, in turn, so that no one view's rows stay cached. */
    private static final int VIEW_PAGE_SAMPLE = 20;
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;

    /** Per view from the raw events: its first event time, plus the given per-view columns. */
    private static String rawViews(String... columns) {
        StringBuilder sql = new StringBuilder("SELECT view_id, min(event_time_ms) AS start_ms");
        for (String column : columns) {
            sql.append(", ").append(switch (column) {
                case "play_ms" -> "min(event_time_ms) FILTER (WHERE event_name = 'play') AS play_ms";
                case "playing_ms" -> "min(event_time_ms) FILTER (WHERE event_name = 'playing') AS playing_ms";
                case "country" -> "any_value(json_extract_string(fields_json, '$.country_code')) AS country";
                case "video_id" -> "any_value(json_extract_string(fields_json, '$.video_id')) AS video_id";
                case "viewer" -> "any_value(coalesce(json_extract_string(fields_json, '$.viewer_user_id'),"
                        + " json_extract_string(fields_json, '$.viewer_id'))) AS viewer";
                default -> throw new IllegalArgumentException(column);
            });
        }
        return sql.append(" FROM events WHERE project_id = ? GROUP BY view_id").toString();
    }

    private final int repeat;
    private final long budgetMsPerQuestion;

    QueryBenchmark(int repeat, long budgetMsPerQuestion) {
        this.repeat = repeat;
        this.budgetMsPerQuestion = budgetMsPerQuestion;
    }

    /** One question: the engine's way and the raw-events way. */
    private record Question(String name, Runnable engine, Runnable raw, Goal goal) {
    }

    /** A p95 goal at 10M and at 100M views; a smaller dataset has none. */
    private record Goal(double at10MMs, double at100MMs) {
        Double p95Ms(int views) {
            return views >= 100_000_000 ? Double.valueOf(at100MMs) : views >= 10_000_000 ? Double.valueOf(at10MMs) : null;
        }

        String text(int views) {
            return views >= 100_000_000 ? String.format(Locale.ROOT, "≤ %.0f ms at 100M views", at100MMs)
                    : String.format(Locale.ROOT, "≤ %.0f ms at 10M views", at10MMs);
        }
    }

    Section run(BenchDataset.Ready dataset) {
        TimeRange window = dataset.window();
        long endMs = window.toMs();
        TimeRange week = new TimeRange(endMs - 7 * DAY_MS, endMs);
        TimeRange day = new TimeRange(endMs - DAY_MS, endMs);
        String project = BenchServer.PROJECT_ID;
        long openStarted = System.nanoTime();
        try (PlaytraceServer.StoreHandle handle = PlaytraceServer.openStore(dataset.dataDir())) {
            double openMs = (System.nanoTime() - openStarted) / 1e6;
            ViewStore store = handle.store().views();
            QueryService queries = new QueryEngine(store, Clock.fixed(Instant.ofEpochMilli(endMs), ZoneOffset.UTC));
            Map<String, Runnable> asked = engineQuestions(queries, project, week, day);
            List<Question> questions = List.of(
                    new Question("overall: views, 7 days", asked.get("overall: views, 7 days"),
                            raw(store, "SELECT count(*) FROM (" + rawViews() + ") WHERE start_ms >= ? AND start_ms < ?",
                                    project, week.fromMs(), week.toMs()), OVERALL_GOAL),
                    new Question("overall: rebuffer_percentage, 7 days",
                            asked.get("overall: rebuffer_percentage, 7 days"), null, OVERALL_GOAL),
                    new Question("timeseries: views hourly, 7 days", asked.get("timeseries: views hourly, 7 days"),
                            raw(store, "SELECT start_ms // 3600000 AS bucket, count(*) FROM (" + rawViews() + ")"
                                    + " WHERE start_ms >= ? AND start_ms < ? GROUP BY bucket ORDER BY bucket",
                                    project, week.fromMs(), week.toMs()), OVERALL_GOAL),
                    new Question("timeseries: views 5-minute, 1 day", asked.get("timeseries: views 5-minute, 1 day"),
                            raw(store, "SELECT start_ms // 300000 AS bucket, count(*) FROM (" + rawViews() + ")"
                                    + " WHERE start_ms >= ? AND start_ms < ? GROUP BY bucket ORDER BY bucket",
                                    project, day.fromMs(), day.toMs()), OVERALL_GOAL),
                    new Question("breakdown: views by country", asked.get("breakdown: views by country"),
                            raw(store, "SELECT country, count(*) AS n FROM (" + rawViews("country") + ") WHERE start_ms >= ?"
                                    + " AND start_ms < ? GROUP BY country ORDER BY n DESC LIMIT 100",
                                    project, week.fromMs(), week.toMs()), BREAKDOWN_GOAL),
                    new Question("breakdown: views by video", asked.get("breakdown: views by video"),
                            raw(store, "SELECT video_id, count(*) AS n FROM (" + rawViews("video_id") + ") WHERE start_ms >= ?"
                                    + " AND start_ms < ? GROUP BY video_id ORDER BY n DESC LIMIT 100",
                                    project, week.fromMs(), week.toMs()), BREAKDOWN_GOAL),
                    new Question("startup time median and 95th", asked.get("startup time median and 95th"),
                            raw(store, "SELECT quantile_cont(playing_ms - play_ms, [0.5, 0.95]) FROM (" + rawViews("play_ms", "playing_ms") + ")"
                            + " WHERE start_ms >= ? AND start_ms < ? AND playing_ms IS NOT NULL AND play_ms IS NOT NULL",
                            project, week.fromMs(), week.toMs()), OVERALL_GOAL),
                    new Question("unique viewers, 7 days", asked.get("unique viewers, 7 days"),
                            raw(store, "SELECT count(DISTINCT viewer) FROM (" + rawViews("viewer") + ") WHERE start_ms >= ?"
                                    + " AND start_ms < ?", project, week.fromMs(), week.toMs()), VIEWERS_GOAL),
                    new Question("timeseries: unique viewers hourly, 7 days",
                            asked.get("timeseries: unique viewers hourly, 7 days"),
                            raw(store, "SELECT start_ms // 3600000 AS bucket, count(DISTINCT viewer) FROM ("
                                    + rawViews("viewer") + ") WHERE start_ms >= ? AND start_ms < ? GROUP BY bucket"
                                    + " ORDER BY bucket", project, week.fromMs(), week.toMs()), OVERALL_GOAL),
                    new Question("timeseries: unique viewers daily, 7 days",
                            asked.get("timeseries: unique viewers daily, 7 days"),
                            raw(store, "SELECT start_ms // 86400000 AS bucket, count(DISTINCT viewer) FROM ("
                                    + rawViews("viewer") + ") WHERE start_ms >= ? AND start_ms < ? GROUP BY bucket"
                                    + " ORDER BY bucket", project, week.fromMs(), week.toMs()), OVERALL_GOAL),
                    new Question("overview set (see below)", asked.get("overview set (see below)"),
                            raw(store, "SELECT count(*), count(DISTINCT viewer), quantile_cont(playing_ms - play_ms, 0.5),"
                                    + " count(*) FILTER (WHERE playing_ms IS NULL) FROM (" + rawViews("play_ms", "playing_ms", "viewer") + ")"
                                    + " WHERE start_ms >= ? AND start_ms < ?", project, week.fromMs(), week.toMs()), OVERVIEW_GOAL));
            Section section = new Section(String.format(Locale.ROOT, "Queries, %,d views", dataset.views()), method(dataset));
            for (Question question : questions) {
                Timing engine;
                try {
                    engine = time(question.engine());
                } catch (PlaytraceException e) {
                    Progress.say("queries %,d: %s: cancelled: %s", dataset.views(), question.name(), e.getMessage());
                    section.remark("\"" + question.name() + "\" was cancelled: " + e.getMessage()
                            + " (the machine was busy; the question has no row).");
                    continue;
                }
                Timing raw = question.raw() == null || !dataset.eventsOfEveryView() ? null : rawBaseline(question, section);
                Progress.say("queries %,d: %s: p50 %.1f ms p95 %.1f ms (raw events p50 %s)", dataset.views(), question.name(),
                        engine.p50Ms(), engine.p95Ms(), raw == null ? "–" : String.format(Locale.ROOT, "%.1f ms", raw.p50Ms()));
                Double goalP95Ms = question.goal() == null ? null : question.goal().p95Ms(dataset.views());
                section.row(new Row(question.name() + " p50", Row.ms(engine.p50Ms()), "raw events SQL p50",
                        raw == null ? "–" : Row.ms(raw.p50Ms()), raw == null ? "–" : Row.ratio(engine.p50Ms(), raw.p50Ms()),
                        "–", "–"));
                section.row(new Row(question.name() + " p95 (" + engine.runs() + " runs)", Row.ms(engine.p95Ms()),
                        "raw events SQL p95" + (raw == null ? "" : " (" + raw.runs() + " runs)"),
                        raw == null ? "–" : Row.ms(raw.p95Ms()), raw == null ? "–" : Row.ratio(engine.p95Ms(), raw.p95Ms()),
                        question.goal() == null ? "–" : question.goal().text(dataset.views()),
                        goalP95Ms != null ? Row.met(engine.p95Ms() <= goalP95Ms) : "–"));
            }
            viewPageQuestion(section, store, queries, dataset.views());
            diskSize(section, store, dataset);
            rollupQuestions(section, store, endMs, openMs);
            section.remark("Overview set: overall views, unique_viewers, playback_failure_percentage, video_startup_time"
                    + " (median), rebuffer_percentage, and views hourly over 7 days, one after another (what a"
                    + " dashboard's overview asks for). Its baseline computes views, unique viewers, startup median and"
                    + " non-starts in one pass over the raw events.");
            if (!dataset.eventsOfEveryView()) {
                section.remark("The events were not copied into this dataset (only the views; copying ~66 events per"
                        + " view did not fit the time box), so there is no raw-events baseline here: compare with the"
                        + " smaller dataset's baselines.");
            }
            section.remark("The rebuffer_percentage question has no raw-events baseline (it needs the sessionizer's"
                    + " playback timeline, which plain SQL over events does not reproduce).");
            return section;
        }
    }

    /**
     * One view's page (what {@code /data/v1/video-views/{id}} reads: the view and its events) for views that have
     * events, in turn, in two samples: views drawn uniformly (what a user opening views from a list meets; the goal
     * row) and views drawn through their events, so that a view with more events is likelier (long views, the slow
     * pages). Baseline: the view's events read by a scan of the whole events table, as before the scan was bounded by
     * the view's time span (`EventLog.load`).
     */
    private void viewPageQuestion(Section section, ViewStore store, QueryService queries, int datasetViews) {
        String project = BenchServer.PROJECT_ID;
        List<String> uniform = viewsWithEvents(store, VIEW_PAGE_SAMPLE);
        List<String> byEvent = viewIds(store, "SELECT DISTINCT view_id FROM (SELECT view_id FROM events"
                + " WHERE project_id = ? USING SAMPLE reservoir(" + (VIEW_PAGE_SAMPLE * 5) + " ROWS) REPEATABLE (7))"
                + " ORDER BY view_id LIMIT " + VIEW_PAGE_SAMPLE, project);
        if (uniform.isEmpty()) {
            section.remark("No view with stored events: the view page question has no row.");
            return;
        }
        viewPageRows(section, store, queries, datasetViews, "one view's page (view and events)", uniform);
        viewPageRows(section, store, queries, datasetViews, "one view's page, long views (sampled by event)", byEvent);
        section.remark("View pages: " + VIEW_PAGE_SAMPLE + " views with stored events asked in turn, drawn uniformly ("
                + eventsPerView(store, project, uniform) + " events per view on average) and, in the long views rows,"
                + " through a sample of events, so that a view is likelier the more events it has ("
                + eventsPerView(store, project, byEvent) + " events per view). A page's time is about 4 ms for the"
                + " view row (~90 columns) plus its events, which grow with the view's length.");
    }

    /** {@code count} of the bench project's views that have stored events, drawn uniformly (the same every run). */
    static List<String> viewsWithEvents(ViewStore store, int count) {
        return viewIds(store, "SELECT view_id FROM (SELECT DISTINCT view_id FROM events WHERE project_id = ?)"
                + " USING SAMPLE reservoir(" + count + " ROWS) REPEATABLE (7) ORDER BY view_id", BenchServer.PROJECT_ID);
    }

    private static List<String> viewIds(ViewStore store, String sql, String project) {
        return store.select(new SqlStatement(sql, List.of(project))).stream().map(row -> row.text("view_id")).toList();
    }

    private static String eventsPerView(ViewStore store, String project, List<String> viewIds) {
        if (viewIds.isEmpty()) {
            return "–";
        }
        List<Object> parameters = new ArrayList<>();
        parameters.add(project);
        parameters.addAll(viewIds);
        long events = store.select(new SqlStatement("SELECT count(*) AS n FROM events WHERE project_id = ? AND view_id IN ("
                + viewIds.stream().map(id -> "?").collect(Collectors.joining(", ")) + ")", parameters))
                .getFirst().longOrZero("n");
        return String.format(Locale.ROOT, "%,d", events / viewIds.size());
    }

    private void viewPageRows(Section section, ViewStore store, QueryService queries, int datasetViews, String name,
            List<String> viewIds) {
        if (viewIds.isEmpty()) {
            return;
        }
        String project = BenchServer.PROJECT_ID;
        AtomicInteger next = new AtomicInteger();
        Runnable page = () -> {
            String viewId = viewIds.get(next.getAndIncrement() % viewIds.size());
            View view = queries.view(project, viewId)
                    .orElseThrow(() -> new IllegalStateException("view " + viewId + " has no page"));
            if (queries.events(view).isEmpty()) {
                throw new IllegalStateException("view " + viewId + " has no events");
            }
        };
        AtomicInteger nextRaw = new AtomicInteger();
        Runnable fullScan = () -> store.select(new SqlStatement("SELECT * FROM events WHERE project_id = ? AND view_id = ?"
                + " ORDER BY sequence_number", List.of(project, viewIds.get(nextRaw.getAndIncrement() % viewIds.size()))));
        Timing engine = time(page);
        Timing raw = time(fullScan);
        Progress.say("queries %,d: %s: p50 %.1f ms p95 %.1f ms (whole events table p50 %.1f ms)", datasetViews, name,
                engine.p50Ms(), engine.p95Ms(), raw.p50Ms());
        section.row(new Row(name + " p50", Row.ms(engine.p50Ms()), "events table scan p50", Row.ms(raw.p50Ms()),
                Row.ratio(engine.p50Ms(), raw.p50Ms()), "–", "–"));
        section.row(new Row(name + " p95 (" + engine.runs() + " runs)", Row.ms(engine.p95Ms()),
                "events table scan p95 (" + raw.runs() + " runs)", Row.ms(raw.p95Ms()),
                Row.ratio(engine.p95Ms(), raw.p95Ms()), VIEW_PAGE_GOAL.text(datasetViews),
                VIEW_PAGE_GOAL.p95Ms(datasetViews) != null ? Row.met(engine.p95Ms() <= VIEW_PAGE_GOAL.p95Ms(datasetViews)) : "–"));
    }

    /**
     * The benchmark's question set as the engine asks it, by name, in the order of the report: the same questions for
     * every store (the scale-out part asks them of ClickHouse and DuckDB).
     */
    static Map<String, Runnable> engineQuestions(QueryService queries, String project, TimeRange week, TimeRange day) {
        Query views = Query.of(project, "views", week);
        Map<String, Runnable> questions = new LinkedHashMap<>();
        questions.put("overall: views, 7 days", () -> queries.run(views));
        questions.put("overall: rebuffer_percentage, 7 days", () -> queries.run(Query.of(project, "rebuffer_percentage", week)));
        questions.put("timeseries: views hourly, 7 days", () -> queries.run(views.withGranularity(Granularity.HOUR)));
        questions.put("timeseries: views 5-minute, 1 day",
                () -> queries.run(Query.of(project, "views", day).withGranularity(Granularity.FIVE_MINUTES)));
        questions.put("breakdown: views by country",
                () -> queries.run(views.withGroupBy(Dimension.COUNTRY).withPage(Page.number(100, 1))));
        questions.put("breakdown: views by video",
                () -> queries.run(views.withGroupBy(Dimension.VIDEO_ID).withPage(Page.number(100, 1))));
        questions.put("startup time median and 95th", () -> {
            queries.run(Query.of(project, "video_startup_time", week).withMeasurement(Measurement.MEDIAN));
            queries.run(Query.of(project, "video_startup_time", week).withMeasurement(Measurement.P95));
        });
        questions.put("unique viewers, 7 days", () -> queries.run(Query.of(project, "unique_viewers", week)));
        questions.put("timeseries: unique viewers hourly, 7 days",
                () -> queries.run(Query.of(project, "unique_viewers", week).withGranularity(Granularity.HOUR)));
        questions.put("timeseries: unique viewers daily, 7 days",
                () -> queries.run(Query.of(project, "unique_viewers", week).withGranularity(Granularity.DAY)));
        questions.put("overview set (see below)", () -> overview(queries, project, week));
        return questions;
    }

    /**
     * The questions the hourly rollup answers, over the 7 days ending at the last whole hour (a window on the rollup's
     * grid) and over windows ending off the hour, each asked of the engine reading the rollup whatever the cost and of
     * the engine reading the views table (the plain query, as above), in the same run; the two answers must be equal.
     * Each row says which of the two the default engine picks ({@code RollupCost}).
     */
    private void rollupQuestions(Section section, ViewStore store, long endMs, double openMs) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(endMs), ZoneOffset.UTC);
        QueryEngine rollup = new QueryEngine(store, clock, MetricCatalog.standard(), QueryEngine.Rollups.WHEN_EXACT);
        QueryEngine byCost = new QueryEngine(store, clock);
        QueryEngine plain = new QueryEngine(store, clock, MetricCatalog.standard(), QueryEngine.Rollups.NEVER);
        long alignedEnd = Math.floorDiv(endMs, HOUR_MS) * HOUR_MS;
        TimeRange week = new TimeRange(alignedEnd - 7 * DAY_MS, alignedEnd);
        // a dashboard's "last 7 days" / "last 24 hours" ending at a minute off the hour: whole hours from the rollup,
        // the partial first and last hours from the views
        long offHourEndMs = alignedEnd - 23 * 60_000L;
        TimeRange weekOffTheHour = new TimeRange(offHourEndMs - 7 * DAY_MS, offHourEndMs);
        TimeRange dayOffTheHour = new TimeRange(offHourEndMs - DAY_MS, offHourEndMs);
        TimeRange twoDaysOffTheHour = new TimeRange(offHourEndMs - 2 * DAY_MS, offHourEndMs);
        String project = BenchServer.PROJECT_ID;
        Query views = Query.of(project, "views", week);
        Query startup = Query.of(project, "video_startup_time", week).withMeasurement(Measurement.MEDIAN);
        List<MetricRequest> tiles = List.of(MetricRequest.of("views"), MetricRequest.of("plays"),
                MetricRequest.of("playback_failure_percentage"), MetricRequest.of("exits_before_video_start"),
                MetricRequest.of("rebuffer_percentage"), MetricRequest.of("watch_time"));
        List<Map.Entry<String, Query>> questions = List.of(
                Map.entry("overall: views, 7 days", views),
                Map.entry("overall: rebuffer_percentage, 7 days", Query.of(project, "rebuffer_percentage", week)),
                Map.entry("overall: 6 count/sum/ratio metrics in one query, 7 days", Query.of(project, tiles, week)),
                Map.entry("timeseries: views hourly, 7 days", views.withGranularity(Granularity.HOUR)),
                Map.entry("timeseries: views, playback failure % daily, 7 days", Query.of(project,
                        List.of(MetricRequest.of("views"), MetricRequest.of("playback_failure_percentage")), week)
                        .withGranularity(Granularity.DAY)),
                Map.entry("breakdown: views by country (top 100)",
                        views.withGroupBy(Dimension.COUNTRY).withPage(Page.number(100, 1))),
                Map.entry("breakdown: rebuffer % by device, country ≠ US",
                        Query.of(project, "rebuffer_percentage", week).withGroupBy(Dimension.DEVICE_CATEGORY)
                                .withFilters(List.of(Filter.notEqualTo(Dimension.COUNTRY, "US")))),
                Map.entry("breakdown: plays by browser, stream type on-demand, 7 days",
                        Query.of(project, "plays", week).withGroupBy(Dimension.BROWSER)
                                .withFilters(List.of(Filter.equalTo(Dimension.STREAM_TYPE, "on-demand")))),
                Map.entry("overall: 6 count/sum/ratio metrics, 7 days off the hour",
                        Query.of(project, tiles, weekOffTheHour)),
                Map.entry("breakdown: views by country, 24 hours off the hour",
                        Query.of(project, "views", dayOffTheHour).withGroupBy(Dimension.COUNTRY)),
                Map.entry("timeseries: views hourly, 24 hours off the hour",
                        Query.of(project, "views", dayOffTheHour).withGranularity(Granularity.HOUR)),
                Map.entry("breakdown: views by country, 48 hours off the hour",
                        Query.of(project, "views", twoDaysOffTheHour).withGroupBy(Dimension.COUNTRY)),
                // medians and percentiles from the rollup's histograms
                Map.entry("overall: startup time median, 7 days", startup),
                Map.entry("overall: startup time 95th, 7 days off the hour",
                        startup.withRange(weekOffTheHour).withMeasurement(Measurement.P95)),
                Map.entry("timeseries: startup time median hourly, 7 days", startup.withGranularity(Granularity.HOUR)),
                Map.entry("breakdown: startup time 95th by country, device mobile",
                        startup.withMeasurement(Measurement.P95).withGroupBy(Dimension.COUNTRY)
                                .withFilters(List.of(Filter.equalTo(Dimension.DEVICE_CATEGORY, "mobile")))),
                Map.entry("overall: views, startup median and 95th, rebuffer duration median in one query, 7 days",
                        Query.of(project, List.of(MetricRequest.of("views"), MetricRequest.of("video_startup_time"),
                                new MetricRequest("video_startup_time", Measurement.P95),
                                MetricRequest.of("rebuffer_duration")), week)),
                // distinct viewers from the viewer sequence
                Map.entry("overall: unique viewers, 7 days off the hour",
                        Query.of(project, "unique_viewers", weekOffTheHour)),
                Map.entry("timeseries: unique viewers daily, 7 days",
                        Query.of(project, "unique_viewers", week).withGranularity(Granularity.DAY)));
        boolean allEqual = true;
        for (Map.Entry<String, Query> question : questions) {
            Query query = question.getValue();
            if (!rollup.answersFromRollup(query)) {
                throw new IllegalStateException("the rollup does not answer " + question.getKey());
            }
            allEqual &= rollup.run(query).equals(plain.run(query));
            String name = question.getKey() + (byCost.answersFromRollup(query) ? "" : " [engine reads the views table]");
            Timing fromRollup = time(() -> rollup.run(query));
            Timing fromViews = time(() -> plain.run(query));
            Progress.say("rollup: %s: p50 %.1f ms p95 %.1f ms (views table p50 %.1f ms p95 %.1f ms)", name,
                    fromRollup.p50Ms(), fromRollup.p95Ms(), fromViews.p50Ms(), fromViews.p95Ms());
            section.row(new Row("rollup: " + name + " p50", Row.ms(fromRollup.p50Ms()),
                    "views table p50", Row.ms(fromViews.p50Ms()), Row.ratio(fromRollup.p50Ms(), fromViews.p50Ms()),
                    "–", "–"));
            section.row(new Row("rollup: " + name + " p95 (" + fromRollup.runs() + " runs)",
                    Row.ms(fromRollup.p95Ms()), "views table p95 (" + fromViews.runs() + " runs)",
                    Row.ms(fromViews.p95Ms()), Row.ratio(fromRollup.p95Ms(), fromViews.p95Ms()), "–", "–"));
        }
        long cells = rows(store, ViewRollupTable.NAME);
        long videoCells = rows(store, ViewRollupTable.VIDEO_HOURLY.name());
        long fiveMinuteCells = rows(store, ViewRollupTable.FIVE_MINUTE.name());
        long histogramRows = rows(store, ViewHistogramTable.NAME);
        long sequenceRows = rows(store, ViewerSequenceTable.NAME);
        section.remark(String.format(Locale.ROOT, "Rows marked \"rollup:\" ask the engine questions the hourly rollup"
                        + " answers (`docs/rollups.md`) over the 7 days ending at the last whole hour (\"off the hour\":"
                        + " ending 23 minutes before it), once reading the rollup (`QueryEngine.Rollups.WHEN_EXACT`: whole"
                        + " hours from the rollup, partial edge hours from the views) and once reading the views table"
                        + " (`QueryEngine.Rollups.NEVER`, the plain query), in the same run; the answers were %s. Rows"
                        + " marked \"[engine reads the views table]\" are windows with two partial edge hours and under 23"
                        + " hours of whole slots, which the default engine answers from the views table (`RollupCost`,"
                        + " docs/rollups.md §5). The rollup held %,d rows (project × hour × country, device, browser, OS,"
                        + " stream type, CDN), its video cube %,d rows (project × hour × video id and title), its"
                        + " five-minute cube %,d rows (project × five minutes) and its histograms %,d rows (cell × startup time, rebuffer count or"
                        + " rebuffer duration × value), the viewer sequence %,d rows (one per view with a viewer; unique"
                        + " viewers of the whole project are counted from it, docs/rollups.md §4) and its hourly counts"
                        + " %,d rows (project × hour × previous view's hour). Opening the store took"
                        + " %,.0f ms (it builds the rollup, histograms and viewer sequence from the views when a table is"
                        + " missing, as after the dataset's SQL copies).",
                allEqual ? "equal for every question" : "NOT equal (a bug)", cells, videoCells, fiveMinuteCells,
                histogramRows, sequenceRows, rows(store, ViewerSequenceHourlyTable.NAME),
                openMs));
    }

    private static long rows(ViewStore store, String table) {
        return store.select(new SqlStatement("SELECT count(*) AS n FROM " + table, List.of())).getFirst().longOrZero("n");
    }

    /**
     * The database file per million views, and what each table takes (DuckDB's storage blocks of the table, 256 KiB
     * each); the views table alone is the baseline.
     */
    private static void diskSize(Section section, ViewStore store, BenchDataset.Ready dataset) {
        double millions = dataset.views() / 1e6;
        long fileBytes;
        try {
            fileBytes = Files.size(dataset.dataDir().resolve("playtrace.duckdb"));
        } catch (IOException e) {
            section.remark("The database file's size could not be read: " + e.getMessage());
            return;
        }
        Map<String, Long> tableBytes = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>(List.of(ViewTable.NAME, EventTable.NAME));
        ViewRollupTable.CUBES.forEach(cube -> tables.add(cube.name()));
        tables.addAll(List.of(ViewHistogramTable.NAME, ViewerSequenceTable.NAME, ViewerSequenceHourlyTable.NAME));
        for (String table : tables) {
            tableBytes.put(table, store.select(new SqlStatement("SELECT count(DISTINCT block_id) * 262144 AS bytes"
                    + " FROM pragma_storage_info('" + table + "')", List.of())).getFirst().longOrZero("bytes"));
        }
        double viewsMb = tableBytes.get(ViewTable.NAME) / 1e6 / millions;
        section.row(new Row("disk: database file per million views", String.format(Locale.ROOT, "%,.0f MB",
                fileBytes / 1e6 / millions), "views table per million views", String.format(Locale.ROOT, "%,.0f MB",
                viewsMb), Row.ratio(fileBytes / 1e6 / millions, viewsMb), "–", "–"));
        section.remark(String.format(Locale.ROOT, "Disk: the database file held %,.0f MB for %,d views (%s); per table"
                        + " (the blocks of its column segments, from `pragma_storage_info`), %s; the rest is the index"
                        + " on view ids, long strings kept in overflow blocks (which those figures leave out, so the"
                        + " text-heavy `events` is undercounted), free blocks and metadata.",
                fileBytes / 1e6, dataset.views(), dataset.eventsOfEveryView() ? "with every view's events"
                        : String.format(Locale.ROOT, "with %,d events: not every view's", dataset.events()),
                tableBytes.entrySet().stream().map(entry -> String.format(Locale.ROOT, "`%s` %,.0f MB", entry.getKey(),
                        entry.getValue() / 1e6)).collect(Collectors.joining(", "))));
    }

    /** The raw-events baseline, or null (with a remark) when the store cancelled it at its read time limit. */
    private Timing rawBaseline(Question question, Section section) {
        try {
            return time(question.raw());
        } catch (PlaytraceException e) {
            section.remark("The raw-events baseline of \"" + question.name() + "\" was cancelled: " + e.getMessage()
                    + " (the machine was busy; the row has no baseline).");
            return null;
        }
    }

    private static void overview(QueryService queries, String project, TimeRange week) {
        queries.run(Query.of(project, "views", week));
        queries.run(Query.of(project, "unique_viewers", week));
        queries.run(Query.of(project, "playback_failure_percentage", week));
        queries.run(Query.of(project, "video_startup_time", week).withMeasurement(Measurement.MEDIAN));
        queries.run(Query.of(project, "rebuffer_percentage", week));
        queries.run(Query.of(project, "views", week).withGranularity(Granularity.HOUR));
    }

    private static Runnable raw(ViewStore store, String sql, Object... parameters) {
        SqlStatement statement = new SqlStatement(sql, List.of(parameters));
        return () -> store.select(statement);
    }

    private String method(BenchDataset.Ready dataset) {
        return String.format(Locale.ROOT, "Dataset: %,d views and %,d stored events over 7 days. %,d simulated views were"
                        + " replayed through the real ingest pipeline, sessionizer and DuckDB store in process"
                        + " (%,.0f views/s), then copied with SQL inside DuckDB (fresh view and viewer ids, same"
                        + " times and values) up to the size; %s. Each question runs once to warm up, then up to %d"
                        + " times (stopping after %,d ms once 3 runs are done), in process through `QueryService`"
                        + " (`QueryEngine` over `DuckDbStore`; HTTP adds the JSON formatting); a question slower than 1 s"
                        + " counts its first run instead of a warm-up. Baseline: the same"
                        + " question in plain SQL over the raw `events` table (views rebuilt per query with GROUP BY"
                        + " view_id, dimensions read from `fields_json`), through the same store.",
                dataset.views(), dataset.events(), dataset.seedViews(), dataset.seedViewsPerSecond(),
                dataset.reused() ? "the dataset was reused from an earlier run (built in "
                        + String.format(Locale.ROOT, "%.0f s", dataset.buildSeconds()) + ")"
                        : String.format(Locale.ROOT, "built in %.0f s", dataset.buildSeconds()),
                repeat, budgetMsPerQuestion);
    }

    record Timing(double p50Ms, double p95Ms, int runs) {
    }

    Timing time(Runnable question) {
        long[] nanos = new long[repeat];
        long started = System.nanoTime();
        int runs = 0;
        question.run();
        long firstNs = System.nanoTime() - started;
        // a question slower than a second is not warmed by running it once more: count the first run
        if (firstNs > 1_000_000_000L) {
            nanos[runs++] = firstNs;
        }
        while (runs < repeat) {
            long start = System.nanoTime();
            question.run();
            nanos[runs++] = System.nanoTime() - start;
            if (runs >= 3 && (System.nanoTime() - started) / 1_000_000 > budgetMsPerQuestion) {
                break;
            }
        }
        long[] measured = java.util.Arrays.copyOf(nanos, runs);
        return new Timing(Samples.millis(Samples.percentile(measured, 50)), Samples.millis(Samples.percentile(measured, 95)), runs);
    }
}
