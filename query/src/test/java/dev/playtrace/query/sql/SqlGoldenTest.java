package dev.playtrace.query.sql;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.Page;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.catalog.MetricDefinition;
import dev.playtrace.store.spi.EventTable;
import dev.playtrace.store.spi.SqlDialect;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewHistogramTable;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden snapshots of generated SQL per dialect, in {@code src/test/resources/golden/<dialect>/<case>.sql}. Run with
 * {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
class SqlGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final TimeRange HOUR = new TimeRange(1_704_067_200_000L, 1_704_070_800_000L);
    private static final List<Filter> FILTERS = List.of(
            new Filter(Dimension.COUNTRY, List.of("US", "DE"), false),
            Filter.notEqualTo(Dimension.BROWSER, "Safari"));
    private static final ViewSelection SELECTION = new ViewSelection("project-a", HOUR, FILTERS);
    private static final ActiveWindow WINDOW =
            new ActiveWindow("project-a", HOUR.fromMs(), HOUR.toMs(), HOUR.toMs() + 5_000, FILTERS);

    static Stream<Arguments> cases() {
        List<SqlDialect> dialects = List.of(DuckDbDialect.INSTANCE, ClickHouseDialect.INSTANCE);
        List<Case> cases = List.of(
                new Case("overall_video_startup_time_95th_filtered",
                        sql -> sql.metricTotals(List.of(measured("video_startup_time", Measurement.P95)), SELECTION)),
                new Case("overall_buffering_ratio",
                        sql -> sql.metricTotals(List.of(measured("buffering_ratio", Measurement.AVG)), SELECTION)),
                new Case("overall_unique_viewers",
                        sql -> sql.metricTotals(List.of(measured("unique_viewers", Measurement.COUNT)), SELECTION)),
                new Case("breakdown_rebuffer_percentage_by_country",
                        sql -> sql.metricByGroup(List.of(measured("rebuffer_percentage", Measurement.AVG)), SELECTION,
                                GroupColumn.of(Dimension.COUNTRY))),
                new Case("timeseries_exits_before_video_start_ten_minutes",
                        sql -> sql.metricByBucket(List.of(measured("exits_before_video_start", Measurement.AVG)), SELECTION,
                                600_000L)),
                new Case("timeseries_weighted_average_bitrate_median_hour",
                        sql -> sql.metricByBucket(List.of(measured("weighted_average_bitrate", Measurement.MEDIAN)), SELECTION,
                                3_600_000L)),
                new Case("overall_several_metrics",
                        sql -> sql.metricTotals(List.of(measured("views", Measurement.COUNT),
                                measured("video_startup_time", Measurement.MEDIAN),
                                measured("playback_failure_percentage", Measurement.AVG)), SELECTION)),
                new Case("breakdown_plays_by_renamed_device",
                        sql -> sql.metricByGroup(List.of(measured("plays", Measurement.COUNT)), SELECTION,
                                new GroupColumn(Dimension.DEVICE_CATEGORY, java.util.Map.of("desktop", "computer"), null))),
                new Case("breakdown_views_by_stream_type_missing_values_grouped",
                        sql -> sql.metricByGroup(List.of(measured("views", Measurement.COUNT)), SELECTION,
                                new GroupColumn(Dimension.STREAM_TYPE, java.util.Map.of("", "video"), ""))),
                new Case("group_attributes_title_of_videos",
                        sql -> sql.groupAttributes(SELECTION, Dimension.VIDEO_ID, List.of("video-1", "video-2"),
                                Dimension.VIDEO_TITLE)),
                new Case("concurrency_at_minutes_by_country",
                        sql -> sql.activeAtInstants("project-a", HOUR.fromMs(), 60_000L, 60, FILTERS, Dimension.COUNTRY)),
                new Case("starting_up_at_minutes",
                        sql -> sql.startingUpAtInstants("project-a", HOUR.fromMs(), 60_000L, 60, FILTERS, null)),
                new Case("concurrency_totals", sql -> sql.activeTotals(WINDOW)),
                new Case("concurrency_spans_by_minute", sql -> sql.activeSpans(WINDOW, 60_000L)),
                new Case("concurrency_samples_by_country", sql -> sql.activeSamples(WINDOW, Dimension.COUNTRY)),
                new Case("list_views_of_viewer_with_error",
                        sql -> sql.listViews(new ViewListQuery("project-a", HOUR, FILTERS, "viewer-1", "E500", true,
                                Page.number(10, 3)))),
                new Case("list_closed_views_with_event_fields",
                        sql -> sql.listViews(new ViewListQuery("project-a", HOUR, FILTERS, null, null, false,
                                Page.number(10, 1), ViewListQuery.ListedBy.VIEW_START).closedViewsOnly()
                                .withEventFieldValues(java.util.Map.of("metadata.a/b~c", "Safari")))),
                new Case("dimension_values_country",
                        sql -> sql.dimensionValues(SELECTION, Dimension.COUNTRY, Page.number(5, 2))),
                new Case("errors", sql -> sql.errors(SELECTION)));
        return Stream.concat(
                dialects.stream().flatMap(dialect -> cases.stream().map(c -> Arguments.of(dialect.name(), c.name(),
                        c.statement().apply(new QuerySqlGenerator(dialect))))),
                Stream.concat(
                        dialects.stream().flatMap(dialect -> rollupCases().stream().map(c -> Arguments.of(
                                dialect.name(), c.name(), c.statement().apply(new RollupSqlGenerator(dialect))))),
                        // the histograms' quantiles use window functions, which ClickHouse 18.16 lacks: DuckDB only
                        histogramCases().stream().map(c -> Arguments.of(DuckDbDialect.INSTANCE.name(), c.name(),
                                c.statement().apply(new RollupSqlGenerator(DuckDbDialect.INSTANCE))))));
    }

    /** Medians, percentiles and sums of per-view values read from the rollup's histograms, beside the cube's metrics. */
    private static List<RollupCase> histogramCases() {
        return List.of(
                new RollupCase("rollup_overall_startup_time_p99",
                        sql -> sql.metricTotals(List.of(measured("video_startup_time", Measurement.P99)), SELECTION)),
                new RollupCase("rollup_breakdown_startup_time_median_and_p95_unaligned",
                        sql -> sql.metricByGroup(List.of(measured("views", Measurement.COUNT),
                                        measured("video_startup_time", Measurement.MEDIAN),
                                        measured("video_startup_time", Measurement.P95)),
                                new ViewSelection("project-a", new TimeRange(HOUR.fromMs() + 1_234_567L,
                                        HOUR.fromMs() + 2 * 86_400_000L + 1_234_567L), FILTERS),
                                GroupColumn.of(Dimension.COUNTRY))),
                new RollupCase("rollup_timeseries_rebuffer_duration_sum_and_median_hourly",
                        sql -> sql.metricByBucket(List.of(measured("rebuffer_duration", Measurement.SUM),
                                measured("rebuffer_count", Measurement.MEDIAN)), SELECTION, 3_600_000L)));
    }

    /** The same questions read from the hourly rollup. */
    private static List<RollupCase> rollupCases() {
        return List.of(
                new RollupCase("rollup_overall_several_metrics",
                        sql -> sql.metricTotals(List.of(measured("views", Measurement.COUNT),
                                measured("playback_failure_percentage", Measurement.AVG),
                                measured("buffering_ratio", Measurement.AVG),
                                measured("watch_time", Measurement.SUM)), SELECTION)),
                new RollupCase("rollup_breakdown_rebuffer_percentage_by_country",
                        sql -> sql.metricByGroup(List.of(measured("rebuffer_percentage", Measurement.AVG)), SELECTION,
                                GroupColumn.of(Dimension.COUNTRY))),
                new RollupCase("rollup_timeseries_exits_before_video_start_day",
                        sql -> sql.metricByBucket(List.of(measured("exits_before_video_start", Measurement.AVG),
                                measured("plays", Measurement.COUNT)), SELECTION, 86_400_000L)),
                new RollupCase("rollup_breakdown_last_24_hours_unaligned",
                        sql -> sql.metricByGroup(List.of(measured("views", Measurement.COUNT),
                                        measured("rebuffer_percentage", Measurement.AVG)),
                                new ViewSelection("project-a", new TimeRange(HOUR.fromMs() + 1_234_567L,
                                        HOUR.fromMs() + 86_400_000L + 1_234_567L), FILTERS),
                                GroupColumn.of(Dimension.COUNTRY))),
                // the edges carry only the measures the metrics read, one row each without a key
                new RollupCase("rollup_overall_two_days_unaligned",
                        sql -> sql.metricTotals(List.of(measured("plays", Measurement.COUNT),
                                        measured("cirr", Measurement.AVG)),
                                new ViewSelection("project-a", new TimeRange(HOUR.fromMs() + 1_234_567L,
                                        HOUR.fromMs() + 2 * 86_400_000L + 1_234_567L), List.of()))),
                new RollupCase("rollup_timeseries_hourly_unaligned",
                        sql -> sql.metricByBucket(List.of(measured("playback_failure_percentage", Measurement.AVG)),
                                new ViewSelection("project-a", new TimeRange(HOUR.fromMs() + 1_234_567L,
                                        HOUR.fromMs() + 2 * 86_400_000L + 1_234_567L), FILTERS), 3_600_000L)));
    }

    static Stream<Arguments> ddl() {
        return Stream.of(DuckDbDialect.INSTANCE, ClickHouseDialect.INSTANCE).flatMap(dialect -> Stream.of(
                Arguments.of(dialect.name(), "ddl_views", new SqlStatement(dialect.createTable(ViewTable.layout()), List.of())),
                Arguments.of(dialect.name(), "ddl_events", new SqlStatement(dialect.createTable(EventTable.layout()), List.of())),
                Arguments.of(dialect.name(), "ddl_view_rollup_hourly",
                        new SqlStatement(dialect.createTable(ViewRollupTable.layout()), List.of())),
                Arguments.of(dialect.name(), "ddl_view_histogram_hourly",
                        new SqlStatement(dialect.createTable(ViewHistogramTable.layout()), List.of()))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource({"cases", "ddl"})
    void generatedSqlMatchesGoldenSnapshot(String dialect, String name, SqlStatement statement) throws IOException {
        String actual = statement.sql() + "\n-- parameters: " + statement.parameters() + "\n";
        Path file = GOLDEN.resolve(dialect).resolve(name + ".sql");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void userValuesAreBoundNeverWrittenIntoTheText(String dialect, String name, SqlStatement statement) {
        assertThat(statement.sql()).doesNotContain("project-a", "'US'", "Safari", "viewer-1", "E500",
                Long.toString(HOUR.fromMs()), Long.toString(HOUR.toMs()));
        assertThat(statement.sql().chars().filter(c -> c == '?').count()).isEqualTo(statement.parameters().size());
    }

    private static MeasuredMetric measured(String id, Measurement measurement) {
        MetricDefinition definition = MetricCatalog.standard().require(id);
        return new MeasuredMetric(definition.expression(), measurement);
    }

    private record RollupCase(String name, Function<RollupSqlGenerator, SqlStatement> statement) {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Case(String name, Function<QuerySqlGenerator, SqlStatement> statement) {
        @Override
        public String toString() {
            return name;
        }
    }
}
