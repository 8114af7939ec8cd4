package dev.playtrace.store.conformance;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;
import dev.playtrace.query.ConcurrencyPoint;
import dev.playtrace.query.ConcurrencyQuery;
import dev.playtrace.query.DimensionValue;
import dev.playtrace.query.ErrorSummary;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Grouping;
import dev.playtrace.query.KeptGroups;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.OrderBy;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.StartupHistogramPoint;
import dev.playtrace.query.StartupHistogramQuery;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.query.ViewPage;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.catalog.MetricDefinition;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.spi.ColumnType;
import dev.playtrace.store.spi.PartitionPosition;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewColumn;
import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.spi.ViewTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.playtrace.store.conformance.ConformanceViews.HOUR;
import static dev.playtrace.store.conformance.ConformanceViews.MINUTE;
import static dev.playtrace.store.conformance.ConformanceViews.NOW;
import static dev.playtrace.store.conformance.ConformanceViews.T0;
import static dev.playtrace.store.conformance.ViewBuilder.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviour every store must show through {@link QueryEngine}: exact numbers for every metric of the catalogue
 * over {@link ConformanceViews}. A store module extends this class and opens an empty store.
 */
public abstract class StoreConformanceTest {
    private static final TimeRange FIRST_HOUR = new TimeRange(T0, T0 + HOUR);
    private static final double EXACT = 1e-9;

    protected ViewStore store;
    protected QueryEngine engine;

    /** A new, empty store. */
    protected abstract ViewStore openStore();

    @BeforeEach
    void loadViews() {
        store = openStore();
        store.upsertViews(ConformanceViews.all());
        engine = new QueryEngine(store, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- overall values of every metric over the first hour ----

    @Test
    void countsOfViewsPlaysViewersAndEndedPlays() {
        assertThat(overall("views")).isEqualTo(10.0);
        assertThat(overall("plays")).isEqualTo(6.0);
        assertThat(overall("started_views")).isEqualTo(6.0);
        assertThat(overall("unique_viewers")).isEqualTo(8.0);
        assertThat(overall("ended_plays")).isEqualTo(2.0);
        assertThat(overall("fatal_errors")).isEqualTo(5.0);
        assertThat(totals(query("views").withMeasurement(Measurement.SUM)).value()).isEqualTo(10.0);
    }

    @Test
    void failurePercentagesOverViews() {
        assertThat(overall("exits_before_video_start")).isEqualTo(10.0);
        assertThat(overall("video_startup_failure_percentage")).isEqualTo(20.0);
        assertThat(overall("playback_failure_percentage")).isEqualTo(20.0);
        assertThat(overall("video_startup_business_exception_percentage")).isEqualTo(10.0);
        assertThat(overall("playback_business_exception_percentage")).isEqualTo(20.0);
        assertThat(overall("view_dropped_percentage")).isEqualTo(10.0);
    }

    @Test
    void videoPlaybackFailurePercentageIsOverStartedViews() {
        assertThat(overall("video_playback_failure_percentage")).isEqualTo(2 * 100.0 / 6);
    }

    @Test
    void attemptsArePlaysPlusStartupFailuresPlusExitsPlusViewsStillStarting() {
        double views = overall("views");
        double plays = overall("plays");
        double startupFailures = overall("video_startup_failure_percentage") * views / 100;
        double exits = overall("exits_before_video_start") * views / 100;
        assertThat(views).isEqualTo(plays + startupFailures + exits + 1);

        Query withoutStartingView = query("views").withFilters(List.of(Filter.notEqualTo(Dimension.BROWSER, "Edge")));
        double closedViews = totals(withoutStartingView).value();
        assertThat(closedViews).isEqualTo(9.0)
                .isEqualTo(totals(withoutStartingView.withMeasurement(null)).value())
                .isEqualTo(value(metric(withoutStartingView, "plays")) + 2 + 1);
    }

    @Test
    void videoStartupTimeQuantilesInterpolateLinearlyOverStartedViews() {
        // Startup times of started views: 500, 1000, 2000, 3000, 4000, 5000.
        assertThat(overall("video_startup_time")).isEqualTo(2500.0);
        assertThat(overall("video_startup_time", Measurement.MEDIAN)).isEqualTo(2500.0);
        assertThat(overall("video_startup_time", Measurement.AVG)).isCloseTo(15_500.0 / 6, within(EXACT));
        assertThat(overall("video_startup_time", Measurement.P95)).isCloseTo(4750.0, within(EXACT));
        assertThat(overall("video_startup_time", Measurement.P99)).isCloseTo(4950.0, within(EXACT));
    }

    @Test
    void rebufferingRatiosAreRatiosOfSums() {
        assertThat(overall("rebuffer_percentage")).isEqualTo(6000 * 100.0 / 299_500);
        assertThat(overall("rebuffer_frequency")).isEqualTo(3 * 60_000.0 / 299_500);
        assertThat(overall("cirr")).isEqualTo(6000 * 100.0 / 272_000);
        assertThat(overall("vrt_buffering_ratio")).isEqualTo(1000 * 100.0 / 272_000);
    }

    @Test
    void bufferingRatioIsExactlyCirrPlusVrtBufferingRatio() {
        assertThat(overall("buffering_ratio")).isEqualTo(overall("cirr") + overall("vrt_buffering_ratio"));
        Query germany = query("buffering_ratio").withFilters(List.of(Filter.equalTo(Dimension.COUNTRY, "DE")));
        assertThat(value(totals(germany)))
                .isEqualTo(value(metric(germany, "cirr")) + value(metric(germany, "vrt_buffering_ratio")));
    }

    @Test
    void rebufferCountAndDurationPerStartedView() {
        // Started views: counts 2, 0, 1, 0, 0, 0 and durations 2000, 0, 4000, 0, 0, 0.
        assertThat(overall("rebuffer_count")).isEqualTo(0.0);
        assertThat(overall("rebuffer_count", Measurement.AVG)).isEqualTo(0.5);
        assertThat(overall("rebuffer_count", Measurement.P95)).isCloseTo(1.75, within(EXACT));
        assertThat(overall("rebuffer_duration")).isEqualTo(0.0);
        assertThat(overall("rebuffer_duration", Measurement.AVG)).isEqualTo(1000.0);
        assertThat(overall("rebuffer_duration", Measurement.P95)).isCloseTo(3500.0, within(EXACT));
    }

    @Test
    void rebufferCountAndDurationSummedOverStartedViews() {
        assertThat(overall("rebuffer_count", Measurement.SUM)).isEqualTo(3.0);
        assertThat(overall("rebuffer_duration", Measurement.SUM)).isEqualTo(6000.0);
        Query nobody = query("rebuffer_count").withFilters(List.of(Filter.equalTo(Dimension.COUNTRY, "nowhere")))
                .withMeasurement(Measurement.SUM);
        assertThat(totals(nobody).value()).isEqualTo(0.0);
        assertThat(overall("video_startup_time", Measurement.SUM)).isEqualTo(15_500.0);
    }

    @Test
    void timeTotalsAreSums() {
        assertThat(overall("playing_time")).isEqualTo(265_000.0);
        assertThat(overall("play_duration")).isEqualTo(272_000.0);
        assertThat(overall("watch_time")).isEqualTo(299_500.0);
        MetricValue views = totals(query("views"));
        assertThat(views).isEqualTo(new MetricValue(10.0, 10, 299_500, 265_000));
    }

    @Test
    void bitrateAndUpscalingSkipViewsWithoutPlayingTime() {
        // Bitrates 1, 2, 3, 5, 9 Mbps; upscale 10, 0, 20, 5 %; max upscale 20, 0, 40, 10 %.
        assertThat(overall("weighted_average_bitrate")).isEqualTo(3_000_000.0);
        assertThat(overall("weighted_average_bitrate", Measurement.AVG)).isEqualTo(4_000_000.0);
        assertThat(overall("upscale_percentage")).isEqualTo(8.75);
        assertThat(overall("max_upscale_percentage")).isEqualTo(15.0);
        assertThat(overall("max_upscale_percentage", Measurement.AVG)).isEqualTo(17.5);
        assertThat(overall("max_upscale_percentage", Measurement.P95)).isCloseTo(37.0, within(EXACT));
        assertThat(overall("max_upscale_percentage", Measurement.P99)).isCloseTo(39.4, within(EXACT));
    }

    @Test
    void scoresAreAveragesOfViewsThatHaveThem() {
        assertThat(overall("playback_success_score")).isEqualTo(50.0);
        assertThat(overall("startup_time_score")).isEqualTo(75.0);
        assertThat(overall("smoothness_score")).isEqualTo(90.0);
        assertThat(overall("rebuffer_score")).isEqualTo(90.0);
        assertThat(overall("video_quality_score")).isEqualTo(85.0);
        assertThat(overall("viewer_experience_score")).isEqualTo(45.0);
    }

    @Test
    void everyCatalogueMetricHasBeenCheckedHere() {
        // Guards this suite: a new catalogue metric must get an exact-number test above.
        Set<String> tested = new HashSet<>(List.of("views", "plays", "unique_viewers", "ended_plays",
                "exits_before_video_start", "video_startup_failure_percentage", "playback_failure_percentage",
                "video_playback_failure_percentage", "video_startup_business_exception_percentage",
                "playback_business_exception_percentage", "view_dropped_percentage", "fatal_errors",
                "video_startup_time", "rebuffer_percentage", "rebuffer_frequency", "rebuffer_count",
                "rebuffer_duration", "cirr", "vrt_buffering_ratio", "buffering_ratio", "playing_time",
                "play_duration", "watch_time", "weighted_average_bitrate", "upscale_percentage",
                "max_upscale_percentage", "concurrent_viewers", "startup_time_score", "smoothness_score",
                "video_quality_score", "playback_success_score", "viewer_experience_score"));
        assertThat(MetricCatalog.standard().definitions()).extracting(MetricDefinition::id)
                .allMatch(tested::contains);
    }

    // ---- empty sets ----

    @Test
    void emptyDenominatorsGiveNullNeverNaNAndCountsGiveZero() {
        Query nobody = query("views").withFilters(List.of(Filter.equalTo(Dimension.COUNTRY, "XX")));
        assertThat(totals(nobody)).isEqualTo(new MetricValue(0.0, 0, 0, 0));
        for (MetricDefinition metric : MetricCatalog.standard().definitions()) {
            MetricValue result = metric(nobody, metric.id());
            assertThat(result.value()).as(metric.id()).isEqualTo(metric.expression().valueOverNoViews(metric.defaultMeasurement()));
            assertThat(result.views()).as(metric.id()).isZero();
        }
        assertThat(metric(nobody, "rebuffer_percentage").value()).isNull();
        assertThat(metric(nobody, "video_startup_time").value()).isNull();
        assertThat(metric(nobody, "unique_viewers").value()).isEqualTo(0.0);
    }

    @Test
    void ratioOverViewsWithoutPlaybackIsNull() {
        // VSF views only: no watch or play duration to divide by, and no started view for VPF.
        Query failures = query("cirr").withFilters(List.of(Filter.equalTo(Dimension.VIDEO_STARTUP_FAILURE, "true")));
        assertThat(totals(failures).value()).isNull();
        assertThat(totals(failures).views()).isEqualTo(2);
        assertThat(metric(failures, "video_playback_failure_percentage").value()).isNull();
        assertThat(metric(failures, "video_startup_failure_percentage").value()).isEqualTo(100.0);
    }

    // ---- filters ----

    @Test
    void includeAndExcludeFiltersAddUpToAllViewsIncludingViewsWithoutTheDimension() {
        assertThat(overall("views", Filter.equalTo(Dimension.COUNTRY, "US"))).isEqualTo(4.0);
        assertThat(overall("views", Filter.notEqualTo(Dimension.COUNTRY, "US"))).isEqualTo(6.0);
        assertThat(overall("watch_time", Filter.equalTo(Dimension.COUNTRY, "US"))
                + overall("watch_time", Filter.notEqualTo(Dimension.COUNTRY, "US"))).isEqualTo(299_500.0);
        assertThat(overall("views", new Filter(Dimension.COUNTRY, List.of("US", "DE"), false))).isEqualTo(6.0);
        assertThat(overall("views", new Filter(Dimension.COUNTRY, List.of("US", "DE"), true))).isEqualTo(4.0);
    }

    @Test
    void filtersCombineWithAnd() {
        Query usChrome = query("views").withFilters(List.of(Filter.equalTo(Dimension.COUNTRY, "US"),
                Filter.equalTo(Dimension.BROWSER, "Chrome")));
        assertThat(totals(usChrome).value()).isEqualTo(2.0);
    }

    @Test
    void outcomeFlagsAndErrorCodeAreFilterableDimensions() {
        assertThat(overall("views", Filter.equalTo(Dimension.EXIT_BEFORE_VIDEO_START, "true"))).isEqualTo(1.0);
        assertThat(overall("views", Filter.equalTo(Dimension.PLAYBACK_FAILURE, "true"))).isEqualTo(2.0);
        assertThat(overall("views", Filter.equalTo(Dimension.PLAYBACK_BUSINESS_EXCEPTION, "true"))).isEqualTo(2.0);
        assertThat(overall("views", Filter.equalTo(Dimension.VIDEO_STARTUP_BUSINESS_EXCEPTION, "true")))
                .isEqualTo(1.0);
        assertThat(overall("views", Filter.equalTo(Dimension.VIEW_DROPPED, "true"))).isEqualTo(1.0);
        assertThat(overall("views", Filter.equalTo(Dimension.ERROR_CODE, "E500"))).isEqualTo(2.0);
        assertThat(overall("views", Filter.notEqualTo(Dimension.ERROR_CODE, "E500"))).isEqualTo(8.0);
    }

    // ---- breakdowns ----

    @Test
    void breakdownOfExitsByCountryRanksTheWorstCountryFirst() {
        Breakdown breakdown = groups(query("exits_before_video_start").withGroupBy(Dimension.COUNTRY)
                .withOrder(OrderBy.NEGATIVE_IMPACT, false));
        // Overall 10 %. Impact = share × (value − 10): US 0.4 × 15 = 6, DE and FR 0.2 × −10 = −2 (tie: by field).
        assertThat(breakdown.totalRowCount()).isEqualTo(3);
        assertThat(breakdown.rows()).containsExactly(
                new GroupRow("US", 25.0, 4, 104_000 + 52_000 + 5000 + 3000, 150_000, 1),
                new GroupRow("DE", 0.0, 2, 27_000 + 34_000, 50_000, 2),
                new GroupRow("FR", 0.0, 2, 1500 + 65_000, 60_000, 3));
    }

    @Test
    void breakdownOfStartupTimeByBrowserLeavesOutGroupsWithoutAValue() {
        Breakdown breakdown = groups(query("video_startup_time").withGroupBy(Dimension.BROWSER)
                .withOrder(OrderBy.VALUE, true));
        // Chrome 500, 1000, 3000, 5000 → 2000; Firefox 2000; Safari 4000; Edge has no started view.
        // Overall 2500: impact Safari 0.1 × 1500 = 150, Firefox 0.2 × −500 = −100, Chrome 0.6 × −500 = −300.
        assertThat(breakdown.totalRowCount()).isEqualTo(3);
        assertThat(breakdown.rows()).extracting(GroupRow::field, GroupRow::value, GroupRow::views,
                        GroupRow::negativeImpact)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Safari", 4000.0, 1L, 1),
                        org.assertj.core.groups.Tuple.tuple("Chrome", 2000.0, 6L, 3),
                        org.assertj.core.groups.Tuple.tuple("Firefox", 2000.0, 2L, 2));
    }

    @Test
    void breakdownOfPlaysByDeviceIsOrderedByViewsAndPaged() {
        Query byDevice = query("plays").withGroupBy(Dimension.DEVICE_CATEGORY).withOrder(OrderBy.VIEWS, false)
                .withPage(Page.number(2, 1));
        Breakdown first = groups(byDevice);
        assertThat(first.totalRowCount()).isEqualTo(3);
        assertThat(first.rows()).extracting(GroupRow::field, GroupRow::value, GroupRow::views)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tablet", 1.0, 1L),
                        org.assertj.core.groups.Tuple.tuple("mobile", 1.0, 2L));
        Breakdown second = groups(byDevice.withPage(Page.number(2, 2)));
        assertThat(second.totalRowCount()).isEqualTo(3);
        assertThat(second.rows()).extracting(GroupRow::field, GroupRow::value, GroupRow::views)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("desktop", 3.0, 4L));
        assertThat(groups(byDevice.withPage(Page.number(2, 3))).rows()).isEmpty();
    }

    @Test
    void breakdownByFieldAndByOutcomeFlag() {
        Breakdown byFlag = groups(query("views").withGroupBy(Dimension.EXIT_BEFORE_VIDEO_START)
                .withOrder(OrderBy.FIELD, false));
        assertThat(byFlag.rows()).extracting(GroupRow::field, GroupRow::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("false", 9.0),
                        org.assertj.core.groups.Tuple.tuple("true", 1.0));
        Breakdown byCountryDescending = groups(query("watch_time").withGroupBy(Dimension.COUNTRY)
                .withOrder(OrderBy.FIELD, true));
        assertThat(byCountryDescending.rows()).extracting(GroupRow::field).containsExactly("US", "FR", "DE");
    }

    @Test
    void severalMetricsInOneQueryEqualEachMetricAskedAlone() {
        List<String> metricIds = List.of("views", "exits_before_video_start", "video_startup_time", "watch_time",
                "concurrent_viewers", "unique_viewers");
        Query together = Query.of("p1", metricIds.stream().map(MetricRequest::of).toList(), FIRST_HOUR)
                .withGroupBy(Dimension.COUNTRY);
        QueryResult result = engine.run(together);
        for (int i = 0; i < metricIds.size(); i++) {
            Breakdown alone = groups(query(metricIds.get(i)).withGroupBy(Dimension.COUNTRY).withOrder(OrderBy.FIELD, false));
            int metric = i;
            assertThat(result.rows().stream().filter(row -> row.value(metric) != null)
                    .sorted(java.util.Comparator.comparing(ResultRow::group)).map(row -> row.value(metric)).toList())
                    .as(metricIds.get(i))
                    .isEqualTo(alone.rows().stream().map(GroupRow::value).toList());
        }
        assertThat(engine.run(together.withGroupBy(null)).total().values())
                .isEqualTo(metricIds.stream().map(this::overall).toList());
    }

    @Test
    void renamedGroupsMergeAndEveryMetricIsComputedOverTheMergedViews() {
        // Chrome and Edge become one group: its startup median is over both browsers' views, not a sum of medians
        Query byBrowser = Query.of("p1", List.of(MetricRequest.of("views"), MetricRequest.of("video_startup_time")),
                        FIRST_HOUR)
                .withGrouping(Grouping.by(Dimension.BROWSER).mappedBy(b -> b.equals("Edge") ? "Chrome" : b))
                .withOrder(OrderBy.FIELD, false);
        QueryResult merged = engine.run(byBrowser);
        Query chromeOrEdge = query("video_startup_time").withFilters(List.of(
                new Filter(Dimension.BROWSER, List.of("Chrome", "Edge"), false)));
        ResultRow chrome = merged.rows().stream().filter(row -> row.group().equals("Chrome")).findFirst().orElseThrow();
        assertThat(chrome.value(1)).isEqualTo(totals(chromeOrEdge).value());
        assertThat(chrome.views()).isEqualTo(totals(chromeOrEdge).views());
        assertThat(merged.rows()).extracting(ResultRow::group).doesNotContain("Edge");
    }

    @Test
    void nonzeroGroupsAndMissingValueGroupsAndAttributes() {
        Query plays = query("plays").withGroupBy(Dimension.EXIT_BEFORE_VIDEO_START).keeping(KeptGroups.NONZERO);
        assertThat(engine.run(plays).rows()).allSatisfy(row -> assertThat(row.value()).isPositive());
        Query everyView = query("views").withGrouping(Grouping.by(Dimension.VIDEO_SERIES).withMissingValuesAs("none"));
        assertThat(engine.run(everyView).rows().stream().mapToDouble(ResultRow::value).sum()).isEqualTo(10.0);
        QueryResult countries = engine.run(query("views").withGrouping(Grouping.by(Dimension.COUNTRY)
                .withAttributes(List.of(Dimension.BROWSER))).withOrder(OrderBy.FIELD, false));
        assertThat(countries.rows()).extracting(ResultRow::group, row -> row.attribute(Dimension.BROWSER))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DE", engine.dimensionValues("p1", Dimension.BROWSER,
                                FIRST_HOUR, List.of(Filter.equalTo(Dimension.COUNTRY, "DE")), Page.number(1, 1)).values().getFirst().value()),
                        org.assertj.core.groups.Tuple.tuple("FR", engine.dimensionValues("p1", Dimension.BROWSER,
                                FIRST_HOUR, List.of(Filter.equalTo(Dimension.COUNTRY, "FR")), Page.number(1, 1)).values().getFirst().value()),
                        org.assertj.core.groups.Tuple.tuple("US", "Chrome"));
    }

    // ---- timeseries ----

    @Test
    void timeseriesReturnsEveryBucketWithEmptyOnesAtZeroCountAndNullRatio() {
        Query tenMinutes = query("views").withGranularity(Granularity.TEN_MINUTES);
        assertThat(buckets(tenMinutes)).containsExactly(
                new TimeBucket(T0, 3.0, 3),
                new TimeBucket(T0 + 10 * MINUTE, 1.0, 1),
                new TimeBucket(T0 + 20 * MINUTE, 3.0, 3),
                new TimeBucket(T0 + 30 * MINUTE, 0.0, 0),
                new TimeBucket(T0 + 40 * MINUTE, 1.0, 1),
                new TimeBucket(T0 + 50 * MINUTE, 2.0, 2));
        assertThat(buckets(query("exits_before_video_start").withGranularity(Granularity.TEN_MINUTES)))
                .extracting(TimeBucket::value)
                .containsExactly(0.0, 0.0, 100.0 / 3, null, 0.0, 0.0);
        assertThat(buckets(query("video_startup_time").withGranularity(Granularity.TEN_MINUTES)))
                .extracting(TimeBucket::value)
                .containsExactly(2000.0, 4000.0, null, null, 5000.0, 500.0);
    }

    @Test
    void timeseriesWithAutomaticGranularityAndAFutureEndStopsAtNow() {
        // A 3-hour span is bucketed by ten minutes (≤ 6 h); the clock stands at T0 + 2 h.
        List<TimeBucket> buckets = buckets(Query.of("p1", "plays", new TimeRange(T0, T0 + 3 * HOUR)));
        assertThat(buckets).hasSize(12);
        assertThat(buckets.getFirst().bucketStartMs()).isEqualTo(T0);
        assertThat(buckets.getLast().bucketStartMs()).isEqualTo(T0 + 110 * MINUTE);
        assertThat(buckets.stream().mapToDouble(TimeBucket::value).sum()).isEqualTo(7.0);
        assertThat(buckets.get(6)).isEqualTo(new TimeBucket(T0 + HOUR, 1.0, 1));
    }

    @Test
    void timeseriesAskedForBucketsAfterNowListsThemAtTheValueOverNoViews() {
        // the clock stands at T0 + 2 h: the hourly series of a 4-hour window has two buckets up to now, four with them
        TimeRange fourHours = new TimeRange(T0, T0 + 4 * HOUR);
        Query plays = Query.of("p1", "plays", fourHours).withGranularity(Granularity.HOUR);
        List<TimeBucket> upToNow = buckets(plays);
        List<TimeBucket> whole = buckets(plays.withBucketsAfterNow());

        assertThat(upToNow).hasSize(2);
        assertThat(whole).startsWith(upToNow.toArray(TimeBucket[]::new)).hasSize(4);
        assertThat(whole.subList(2, 4)).containsExactly(new TimeBucket(T0 + 2 * HOUR, 0.0, 0),
                new TimeBucket(T0 + 3 * HOUR, 0.0, 0));
        List<TimeBucket> startup = buckets(Query.of("p1", "video_startup_time", fourHours)
                .withGranularity(Granularity.HOUR).withBucketsAfterNow());
        assertThat(startup).hasSize(4);
        assertThat(startup.subList(2, 4)).extracting(TimeBucket::value).containsOnlyNulls();
        List<TimeBucket> wholeFuture = buckets(Query.of("p1", "plays", new TimeRange(T0 + 3 * HOUR, T0 + 5 * HOUR))
                .withGranularity(Granularity.HOUR).withBucketsAfterNow());
        assertThat(wholeFuture).containsExactly(new TimeBucket(T0 + 3 * HOUR, 0.0, 0),
                new TimeBucket(T0 + 4 * HOUR, 0.0, 0));
    }

    @Test
    void timeseriesBucketsAreUtcAlignedEvenWhenTheRangeIsNot() {
        List<TimeBucket> buckets = buckets(Query.of("p1", "views", new TimeRange(T0 + 90_000, T0 + HOUR))
                .withGranularity(Granularity.HOUR));
        // v1 (1:00) is before the range start; the single bucket starts at T0.
        assertThat(buckets).containsExactly(new TimeBucket(T0, 9.0, 9));
    }

    // ---- concurrency ----

    @Test
    void concurrentViewersAtAnInstantCountViewsBetweenFirstFrameAndEnd() {
        // At 2:10 v1 [1:01, 2:44), v2 [1:32, 2:22) and v11 [−0:59, 2:21) are active.
        assertThat(viewersAt("p1", T0 + 130_000, List.of())).isEqualTo(3);
        assertThat(viewersAt("p1", T0 + 141_000, List.of())).isEqualTo(2);
        assertThat(viewersAt("p1", T0 + 130_000, List.of(Filter.equalTo(Dimension.BROWSER,
                "Firefox")))).isEqualTo(2);
        // v8 is open: active until now, and "current viewers" asked at now itself count it.
        assertThat(viewersAt("p1", T0 + 100 * MINUTE, List.of())).isEqualTo(1);
        assertThat(viewersAt("p1", NOW, List.of())).isEqualTo(1);
        assertThat(viewersAt("p1", NOW - 1, List.of(Filter.equalTo(Dimension.COUNTRY, "US"))))
                .isZero();
        assertThat(viewersAt("p2", T0 + 130_000, List.of())).isZero();
    }

    @Test
    void concurrentViewersBreakdownAtAnInstantIsLargestFirst() {
        assertThat(engine.concurrentViewers(ConcurrencyQuery.at("p1", T0 + 130_000, List.of())
                        .groupedBy(Dimension.BROWSER, 10)).getFirst().groups())
                .containsExactly(new ConcurrencyPoint.GroupCount("Firefox", 2), new ConcurrencyPoint.GroupCount("Chrome", 1));
    }

    @Test
    void viewersStartingUpAreBetweenThePlayRequestAndTheFirstFrameOrTheEnd() {
        // v1 asked to play at 1:00 and showed its first frame at 1:01.
        assertThat(startingUpAt(T0 + MINUTE + 500)).isEqualTo(1);
        assertThat(startingUpAt(T0 + MINUTE + 1000)).isZero();
        // v5 left at 20:05 without a first frame.
        assertThat(startingUpAt(T0 + 20 * MINUTE + 4_999)).isEqualTo(1);
        assertThat(startingUpAt(T0 + 20 * MINUTE + 5_000)).isZero();
        // v9 is open and still starting: starting up until now; v8 (open, started) is a viewer.
        ConcurrencyPoint late = engine.concurrentViewers(ConcurrencyQuery.at("p1", T0 + 100 * MINUTE, List.of())
                .groupedBy(Dimension.BROWSER, 10).withStartingUp()).getFirst();
        assertThat(late.viewers()).isEqualTo(1);
        assertThat(late.startingUpViewers()).isEqualTo(1);
        assertThat(late.groups()).containsExactly(new ConcurrencyPoint.GroupCount("Chrome", 1, 0),
                new ConcurrencyPoint.GroupCount("Edge", 0, 1));
        // not asked, not counted
        assertThat(engine.concurrentViewers(ConcurrencyQuery.at("p1", T0 + 100 * MINUTE, List.of()))
                .getFirst().startingUpViewers()).isZero();
    }

    @Test
    void aRecentMetricAtAnInstantIsOverThePlayRequestsOfTheWindowBeforeIt() {
        // 20:02: v5 (Chrome, asked at 20:00, left at 20:05 without a first frame) is starting up, and the only view
        // asked to play in [19:02, 20:02): exits before video start 100 %.
        ConcurrencyPoint point = engine.concurrentViewers(ConcurrencyQuery.at("p1", T0 + 20 * MINUTE + 2_000, List.of())
                .groupedBy(Dimension.BROWSER, 10).withStartingUp()
                .withRecentMetric(MetricRequest.of("exits_before_video_start"), Granularity.MINUTE)).getFirst();
        assertThat(point.recentMetricValue()).isEqualTo(100.0);
        assertThat(point.groups()).containsExactly(new ConcurrencyPoint.GroupCount("Chrome", 0, 1, 100.0));
        // Each minute of a series: views asked to play in the minute before it (v1 and v2 in 1:00-2:00, v3 at 3:00).
        assertThat(engine.concurrentViewers(ConcurrencyQuery.between("p1", T0 + MINUTE, T0 + 4 * MINUTE, MINUTE,
                        List.of()).withRecentMetric(MetricRequest.of("views"), Granularity.MINUTE)))
                .extracting(ConcurrencyPoint::recentMetricValue).containsExactly(0.0, 2.0, 0.0, 1.0);
    }

    @Test
    void startupTimeHistogramCountsStartedViewsPerBinAndBucket() {
        // Started in the first hour: v1 1000 ms (1:00), v2 2000 (1:30), v3 3000 (3:00), v4 4000 (10:00),
        // v8 5000 (40:00), v10 500 (55:00); bins [0, 1000), [1000, 3000), [3000, ∞).
        List<Long> edges = List.of(1_000L, 3_000L);
        assertThat(engine.startupTimeHistogram(new StartupHistogramQuery("p1", FIRST_HOUR, List.of(),
                Granularity.HOUR, edges))).containsExactly(new StartupHistogramPoint(T0, List.of(1L, 2L, 3L),
                2500.0, 15_500.0 / 6, 4750.0));
        assertThat(engine.startupTimeHistogram(new StartupHistogramQuery("p1", FIRST_HOUR, List.of(),
                Granularity.TEN_MINUTES, edges))).extracting(StartupHistogramPoint::binCounts).containsExactly(
                List.of(0L, 2L, 1L), List.of(0L, 0L, 1L), List.of(0L, 0L, 0L), List.of(0L, 0L, 0L),
                List.of(0L, 0L, 1L), List.of(1L, 0L, 0L));
        assertThat(engine.startupTimeHistogram(new StartupHistogramQuery("p1", FIRST_HOUR,
                List.of(Filter.equalTo(Dimension.COUNTRY, "US")), Granularity.HOUR, edges)).getFirst().binCounts())
                .containsExactly(0L, 2L, 0L);
    }

    @Test
    void concurrentViewersOverAWindowAreTheTimeAverageOrThePerMinuteMaximum() {
        // Active time within the first hour: v1 103 s, v2 50 s, v3 24 s, v4 30 s, v8 1195 s, v10 5 s, v11 141 s.
        MetricValue average = totals(query("concurrent_viewers"));
        assertThat(average.value()).isEqualTo(1_548_000.0 / 3_600_000);
        assertThat(average.views()).isEqualTo(7);
        // At 2:00 v1, v2 and v11 are active.
        assertThat(overall("concurrent_viewers", Measurement.MAX)).isEqualTo(3.0);
    }

    @Test
    void concurrentViewersTimeseriesSpreadsActiveTimeOverBuckets() {
        Query tenMinutes = query("concurrent_viewers").withGranularity(Granularity.TEN_MINUTES);
        assertThat(buckets(tenMinutes)).containsExactly(
                new TimeBucket(T0, 318_000.0 / 600_000, 4),
                new TimeBucket(T0 + 10 * MINUTE, 30_000.0 / 600_000, 1),
                new TimeBucket(T0 + 20 * MINUTE, 0.0, 0),
                new TimeBucket(T0 + 30 * MINUTE, 0.0, 0),
                new TimeBucket(T0 + 40 * MINUTE, 595_000.0 / 600_000, 1),
                new TimeBucket(T0 + 50 * MINUTE, 605_000.0 / 600_000, 2));
        assertThat(buckets(tenMinutes.withMeasurement(Measurement.MAX))).extracting(TimeBucket::value)
                .containsExactly(3.0, 0.0, 0.0, 0.0, 1.0, 1.0);
        List<TimeBucket> hours = buckets(Query.of("p1", "concurrent_viewers",
                new TimeRange(T0, T0 + 3 * HOUR)).withGranularity(Granularity.HOUR));
        assertThat(hours).extracting(TimeBucket::value)
                .containsExactly(1_548_000.0 / HOUR, (HOUR + 1000.0) / HOUR);
    }

    @Test
    void concurrentViewersBreakdownOverAWindow() {
        Breakdown byCountry = groups(query("concurrent_viewers").withGroupBy(Dimension.COUNTRY)
                .withOrder(OrderBy.VALUE, true));
        assertThat(byCountry.rows()).extracting(GroupRow::field, GroupRow::value, GroupRow::views)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("FR", 1_195_000.0 / HOUR, 1L),
                        org.assertj.core.groups.Tuple.tuple("US", 294_000.0 / HOUR, 3L),
                        org.assertj.core.groups.Tuple.tuple("DE", 54_000.0 / HOUR, 2L));
    }

    // ---- tenants and versions ----

    @Test
    void anotherProjectsViewsNeverAppear() {
        assertThat(totals(Query.of("p2", "views", FIRST_HOUR)).value()).isEqualTo(1.0);
        assertThat(groups(Query.of("p2", "views", FIRST_HOUR).withGroupBy(Dimension.COUNTRY)).rows())
                .extracting(GroupRow::field).containsExactly("JP");
        assertThat(engine.dimensionValues("p1", Dimension.COUNTRY, FIRST_HOUR, List.of(), Page.FIRST).values())
                .extracting(DimensionValue::value).doesNotContain("JP");
        assertThat(engine.view("p1", "v1").orElseThrow().dimensions()).containsEntry(Dimension.COUNTRY, "US");
        assertThat(engine.view("p2", "v1").orElseThrow().dimensions()).containsEntry(Dimension.COUNTRY, "JP");
        assertThat(engine.view("p2", "v2")).isEmpty();
        assertThat(engine.listViews(new ViewListQuery("p2", FIRST_HOUR, List.of(), null, null, true, Page.FIRST))
                .views()).extracting(View::viewId).containsExactly("v1");
    }

    @Test
    void aNewerVersionReplacesAViewAndAnOlderOneNeverDoes() {
        View newer = view("v2", T0 + 90_000).version(3).started(2000).playing(50_000).country("BR").build();
        View older = view("v2", T0 + 90_000).version(2).started(2000).playing(50_000).country("AR").build();
        store.upsertViews(List.of(newer));
        store.upsertViews(List.of(older));
        assertThat(engine.view("p1", "v2")).contains(newer);
        View newest = view("v2", T0 + 90_000).version(4).started(2000).playing(50_000).country("CL").build();
        store.upsertViews(List.of(older, newest, newer));
        assertThat(engine.view("p1", "v2")).contains(newest);
        assertThat(overall("views")).isEqualTo(10.0);
    }

    @Test
    void aViewWhoseStartMovedBetweenVersionsIsStillOneView() {
        // A late first beacon moves v2's start earlier; the same batch brings a new view.
        View moved = view("v2", T0 + 80_000).version(5).started(2000).playing(50_000).country("US").build();
        View added = view("v14", T0 + 30 * MINUTE).started(1000).playing(1000).build();
        store.upsertViews(List.of(moved, added));
        assertThat(engine.view("p1", "v2")).contains(moved);
        assertThat(engine.view("p1", "v14")).contains(added);
        assertThat(overall("views")).isEqualTo(11.0);
        View staleWithOtherStart = view("v2", T0 + 95_000).version(4).started(2000).playing(1000).build();
        store.upsertViews(List.of(staleWithOtherStart));
        assertThat(engine.view("p1", "v2")).contains(moved);
        assertThat(overall("views")).isEqualTo(11.0);
    }

    @Test
    void aViewReadBackEqualsTheViewWritten() {
        for (View written : ConformanceViews.all()) {
            assertThat(engine.view(written.projectId(), written.viewId())).contains(written);
        }
    }

    @Test
    void derivedColumnsComputedByTheStoreEqualWhatTheViewSays() {
        List<ViewColumn> derived = ViewTable.derivedColumns();
        assertThat(derived).extracting(ViewColumn::name)
                .contains("error_code", "exit_before_video_start", "view_dropped", "is_started", "is_ended_play");
        String sql = "SELECT " + String.join(", ", derived.stream().map(ViewColumn::name).toList()) + " FROM "
                + store.dialect().viewsSource() + " WHERE project_id = ? AND view_id = ?";
        for (View written : ConformanceViews.all()) {
            StoreRow row = store.select(new SqlStatement(sql, List.of(written.projectId(), written.viewId())))
                    .getFirst();
            for (ViewColumn column : derived) {
                Object expected = column.valueOf(written);
                Object actual = column.type() == ColumnType.BOOLEAN ? (Object) row.bool(column.name())
                        : row.text(column.name());
                assertThat(actual).as(written.viewId() + "." + column.name()).isEqualTo(expected);
            }
        }
    }

    // ---- view list ----

    @Test
    void listViewsPagesNewestViewEndFirstWithTheTotal() {
        ViewListQuery firstPage = new ViewListQuery("p1", FIRST_HOUR, List.of(), null, null, true, Page.number(5, 1));
        ViewPage page = engine.listViews(firstPage);
        assertThat(page.totalRowCount()).isEqualTo(12);
        assertThat(page.views()).extracting(View::viewId).containsExactly("v10", "v9", "v8", "v7", "v6");
        ViewPage third = engine.listViews(new ViewListQuery("p1", FIRST_HOUR, List.of(), null, null, true,
                Page.number(5, 3)));
        assertThat(third.views()).extracting(View::viewId).containsExactly("v2", "v11");
        assertThat(third.totalRowCount()).isEqualTo(12);
        ViewPage oldestFirst = engine.listViews(new ViewListQuery("p1", FIRST_HOUR, List.of(), null, null, false,
                Page.number(3, 1)));
        assertThat(oldestFirst.views()).extracting(View::viewId).containsExactly("v11", "v2", "v1");
    }

    @Test
    void listViewsOfOneViewerOrOneErrorCode() {
        ViewPage alice = engine.listViews(new ViewListQuery("p1", FIRST_HOUR, List.of(), "alice", null, true,
                Page.FIRST));
        assertThat(alice.views()).extracting(View::viewId).containsExactly("v10", "v3", "v1");
        assertThat(alice.totalRowCount()).isEqualTo(3);
        ViewPage e500 = engine.listViews(new ViewListQuery("p1", FIRST_HOUR,
                List.of(Filter.equalTo(Dimension.BROWSER, "Firefox")), null, "E500", true, Page.FIRST));
        assertThat(e500.views()).extracting(View::viewId).containsExactly("v7");
    }

    // ---- dimension values and errors ----

    @Test
    void dimensionValuesAreMostFrequentFirstWithoutNulls() {
        assertThat(engine.dimensionValues("p1", Dimension.COUNTRY, FIRST_HOUR, List.of(), Page.FIRST).values())
                .containsExactly(new DimensionValue("US", 4), new DimensionValue("DE", 2), new DimensionValue("FR", 2));
        assertThat(engine.dimensionValues("p1", Dimension.COUNTRY, FIRST_HOUR, List.of(), Page.number(1, 2)).values())
                .containsExactly(new DimensionValue("DE", 2));
        assertThat(engine.dimensionValues("p1", Dimension.COUNTRY, FIRST_HOUR, List.of(), null).totalCount()).isEqualTo(3);
        assertThat(engine.dimensionValues("p1", Dimension.COUNTRY, FIRST_HOUR,
                List.of(Filter.equalTo(Dimension.BROWSER, "Chrome")), null).totalCount()).isEqualTo(3);
        assertThat(engine.dimensionValues("p1", Dimension.BROWSER, FIRST_HOUR,
                List.of(Filter.equalTo(Dimension.COUNTRY, "US")), Page.FIRST).values())
                .containsExactly(new DimensionValue("Chrome", 2), new DimensionValue("Edge", 1),
                        new DimensionValue("Firefox", 1));
    }

    @Test
    void errorsAreFatalErrorsByCodeWithShareOfViewsAndTheLatestMessage() {
        List<ErrorSummary> errors = engine.errors("p1", FIRST_HOUR, List.of());
        assertThat(errors).containsExactly(
                new ErrorSummary("E500", "Network error", 2, 20.0, T0 + 22 * MINUTE + 2500),
                new ErrorSummary("E403", "message of E403", 1, 10.0, T0 + 21 * MINUTE + 1500),
                new ErrorSummary("E451", "message of E451", 1, 10.0, T0 + 55 * MINUTE + 500 + 5000));
        assertThat(engine.errors("p1", FIRST_HOUR, List.of(Filter.equalTo(Dimension.COUNTRY, "DE"))))
                .containsExactly(new ErrorSummary("E500", "message of E500", 1, 50.0, T0 + 3 * MINUTE + 3000 + 24_000));
    }

    // ---- events ----

    @Test
    void eventsComeBackInSequenceOrderWithTheirFields() {
        PlayerEvent play = new PlayerEvent("p1", "v1", 2, EventName.PLAY, T0 + MINUTE, T0 + MINUTE - 40, 0L,
                T0 + MINUTE + 100, Map.of("video_title", "Intro", "player_width", 640L, "player_is_fullscreen", false,
                "video_source_bitrate", 2.5e6));
        PlayerEvent viewStart = new PlayerEvent("p1", "v1", 1, EventName.VIEWSTART, T0 + 59_000, T0 + 58_960, null,
                T0 + MINUTE + 100, Map.of());
        PlayerEvent otherProject = new PlayerEvent("p2", "v1", 1, EventName.VIEWSTART, T0, T0, null, T0, Map.of());
        store.appendEvents(List.of(play, viewStart, otherProject));
        store.appendEvents(List.of(play));
        assertThat(engine.events("p1", "v1")).containsExactly(viewStart, play);
        assertThat(engine.events("p2", "v1")).containsExactly(otherProject);
        assertThat(engine.events("p1", "v404")).isEmpty();
    }

    @Test
    void eventsOfManyViewsComeBackFromOneBulkLoadAndOnlyForTheProjectsAsked() {
        PlayerEvent a1 = new PlayerEvent("p1", "a", 1, EventName.VIEWSTART, T0, T0, null, T0, Map.of("video_title", "A"));
        PlayerEvent a2 = new PlayerEvent("p1", "a", 2, EventName.PLAY, T0 + 5, T0 + 5, 0L, T0 + 9, Map.of());
        PlayerEvent b1 = new PlayerEvent("p1", "b", 1, EventName.VIEWSTART, T0, T0, null, T0, Map.of());
        PlayerEvent otherProjectA = new PlayerEvent("p2", "a", 1, EventName.VIEWSTART, T0, T0, null, T0, Map.of());
        PlayerEvent notAsked = new PlayerEvent("p1", "c", 1, EventName.VIEWSTART, T0, T0, null, T0, Map.of());
        store.appendEvents(List.of(a1, b1, otherProjectA, notAsked, a2));

        assertThat(store.loadEvents(List.of(new ViewKey("p1", "a"), new ViewKey("p1", "b"), new ViewKey("p1", "none"))))
                .containsExactlyInAnyOrder(a1, a2, b1);
        assertThat(store.loadEvents(List.of())).isEmpty();
        // the engine's read for a page of views: each view's events in sequence order, keyed in the order asked
        Map<String, List<PlayerEvent>> page = engine.events("p1", List.of("b", "a", "none"));
        assertThat(page.keySet()).containsExactly("b", "a", "none");
        assertThat(page.get("a")).containsExactly(a1, a2);
        assertThat(page.get("b")).containsExactly(b1);
        assertThat(page.get("none")).isEmpty();
        assertThat(engine.events("p2", List.of("a"))).isEqualTo(Map.of("a", List.of(otherProjectA)));
    }

    @Test
    void storedViewsAreTheViewsAskedForWhoseNewestVersionStartsInTheWindow() {
        long startMs = NOW + HOUR;
        View early = view("early", startMs).build();
        View late = view("late", startMs + 10 * MINUTE).build();
        View otherProject = view("other-project", startMs).project("p2").build();
        View moved = view("moved", startMs + 20 * MINUTE).version(1).build();
        store.upsertViews(List.of(early, late, otherProject, moved));
        // a late first beacon moved the view's start before the window
        store.upsertViews(List.of(view("moved", startMs - 20 * MINUTE).version(2).build()));
        List<ViewKey> asked = List.of(new ViewKey("p1", "early"), new ViewKey("p1", "late"),
                new ViewKey("p1", "other-project"), new ViewKey("p1", "moved"), new ViewKey("p1", "never-stored"));

        assertThat(store.storedViews(asked, startMs, startMs + 30 * MINUTE))
                .containsExactlyInAnyOrder(new ViewKey("p1", "early"), new ViewKey("p1", "late"));
        assertThat(store.storedViews(asked, startMs + 1, startMs + 10 * MINUTE))
                .as("both ends included").containsExactly(new ViewKey("p1", "late"));
        assertThat(store.storedViews(asked, startMs - 20 * MINUTE, startMs - 20 * MINUTE))
                .containsExactly(new ViewKey("p1", "moved"));
        assertThat(store.storedViews(List.of(new ViewKey("p2", "other-project"), new ViewKey("p2", "early")),
                startMs, startMs)).containsExactly(new ViewKey("p2", "other-project"));
        assertThat(store.storedViews(List.of(), startMs, startMs + HOUR)).isEmpty();
    }

    @Test
    void storedViewsAnswersForThousandsOfViewsAtOnce() {
        long startMs = NOW + HOUR;
        List<ViewKey> asked = new ArrayList<>();
        List<View> stored = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            asked.add(new ViewKey("p1", "many-" + i));
            if (i % 500 == 7) {
                stored.add(view("many-" + i, startMs + i).build());
            }
        }
        store.upsertViews(stored);

        assertThat(store.storedViews(asked, startMs, startMs + 2_500)).containsExactlyInAnyOrderElementsOf(
                stored.stream().map(view -> new ViewKey(view.projectId(), view.viewId())).toList());
    }

    @Test
    void aWriteStoresEventsViewsAndTheBusPositionTogether() {
        View view = ViewBuilder.view("w1", T0 + 1000).started(800).playing(10_000).country("US").build();
        PlayerEvent start = new PlayerEvent("p1", "w1", 1, EventName.VIEWSTART, T0 + 1000, T0 + 1000, null, T0 + 1000,
                Map.of());
        assertThat(store.storedBusPosition()).isZero();

        store.write(List.of(view), List.of(start), 42);
        store.write(List.of(), List.of(), 43);

        assertThat(store.storedBusPosition()).isEqualTo(43);
        assertThat(engine.view("p1", "w1")).contains(view);
        assertThat(engine.events("p1", "w1")).containsExactly(start);
        assertThat(engine.events(view)).containsExactly(start);

        store.write(List.of(), List.of(start));
        assertThat(store.storedBusPosition()).as("a write without a position leaves it").isEqualTo(43);
    }

    @Test
    void eachBusPartitionKeepsItsOwnPositionBesideTheEmbeddedBus() {
        View view = ViewBuilder.view("k1", T0 + 1000).started(800).playing(10_000).build();
        PlayerEvent start = new PlayerEvent("p1", "k1", 1, EventName.VIEWSTART, T0 + 1000, T0 + 1000, null, T0 + 1000,
                Map.of());
        assertThat(store.storedBusPosition(0)).isZero();
        assertThat(store.highestPartitionPositionVersion()).isZero();

        store.write(List.of(), List.of(), 7);
        store.write(List.of(view), List.of(start), new PartitionPosition(0, 120, 10));
        store.write(List.of(), List.of(), new PartitionPosition(3, 55, 11));
        store.write(List.of(), List.of(), new PartitionPosition(0, 121, 12));

        assertThat(store.storedBusPosition(0)).isEqualTo(121);
        assertThat(store.storedBusPosition(3)).isEqualTo(55);
        assertThat(store.storedBusPosition(1)).isZero();
        assertThat(store.storedBusPosition()).as("the embedded bus's position is its own").isEqualTo(7);
        assertThat(store.highestPartitionPositionVersion()).isEqualTo(12);
        assertThat(engine.view("p1", "k1")).contains(view);
        assertThat(engine.events("p1", "k1")).containsExactly(start);
    }

    @Test
    void aPartitionPositionWrittenWithALowerVersionThanTheStoredOneDoesNotMoveIt() {
        long formerOwner = 5L << 40;
        long newOwner = 6L << 40;
        store.write(List.of(), List.of(), new PartitionPosition(2, 300, formerOwner));
        store.write(List.of(), List.of(), new PartitionPosition(2, 300, newOwner));
        store.write(List.of(), List.of(), new PartitionPosition(2, 340, newOwner + 1));

        // the former owner stalled past losing the partition and writes what it had consumed before
        store.write(List.of(), List.of(), new PartitionPosition(2, 320, formerOwner + 1));
        store.write(List.of(), List.of(), new PartitionPosition(2, 360, formerOwner + 2));

        assertThat(store.storedBusPosition(2)).isEqualTo(340);
        assertThat(store.highestPartitionPositionVersion()).isEqualTo(newOwner + 1);
        store.write(List.of(), List.of(), new PartitionPosition(2, 350, newOwner + 2));
        assertThat(store.storedBusPosition(2)).isEqualTo(350);
    }

    @Test
    void aWriteWhoseViewStartMovedStillStoresEachEventOnce() {
        View first = ViewBuilder.view("m1", T0 + 1000).version(1).started(800).playing(10_000).build();
        View moved = ViewBuilder.view("m1", T0 + 990).version(2).started(800).playing(11_000).build();
        PlayerEvent start = new PlayerEvent("p1", "m1", 1, EventName.VIEWSTART, T0 + 1000, T0, null, T0 + 1000, Map.of());
        PlayerEvent heartbeat = new PlayerEvent("p1", "m1", 2, EventName.HEARTBEAT, T0 + 5000, T0 + 4010, 4000L,
                T0 + 5000, Map.of());

        store.write(List.of(first), List.of(start), 1);
        store.write(List.of(moved), List.of(heartbeat), 2);

        assertThat(engine.view("p1", "m1")).contains(moved);
        assertThat(store.loadEvents(List.of(new ViewKey("p1", "m1")))).containsExactlyInAnyOrder(start, heartbeat);
        assertThat(store.storedBusPosition()).isEqualTo(2);
    }

    // ---- user errors ----

    @Test
    void unknownMetricAndUnsupportedMeasurementAreUserErrors() {
        assertThatThrownBy(() -> totals(query("nope")))
                .isInstanceOfSatisfying(PlaytraceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_METRIC));
        assertThatThrownBy(() -> buckets(query("cirr").withMeasurement(Measurement.P95)))
                .isInstanceOfSatisfying(PlaytraceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEASUREMENT));
        assertThat(engine.metric("rebuffer_score").orElseThrow().id()).isEqualTo("smoothness_score");
        assertThat(engine.metrics()).hasSize(MetricCatalog.standard().definitions().size());
    }

    private Query query(String metricId) {
        return Query.of("p1", metricId, FIRST_HOUR);
    }

    private MetricValue metric(Query base, String metricId) {
        return totals(Query.of(base.projectId(), metricId, base.range()).withFilters(base.filters()));
    }

    // The shapes these tests were written against, read from the one QueryResult.

    private record MetricValue(Double value, long views, long watchTimeMs, long playingTimeMs) {
    }

    private record GroupRow(String field, Double value, long views, long watchTimeMs, long playingTimeMs,
                            int negativeImpact) {
    }

    private record Breakdown(List<GroupRow> rows, long totalRowCount) {
    }

    private record TimeBucket(long bucketStartMs, Double value, long views) {
    }

    private MetricValue totals(Query query) {
        ResultRow row = engine.run(query).total();
        return new MetricValue(row.value(), row.views(), row.watchTimeMs(), row.playingTimeMs());
    }

    private Breakdown groups(Query query) {
        Query ranked = query.page() == null ? query.withPage(Page.FIRST) : query;
        QueryResult result = engine.run(ranked.withImpactRanks());
        return new Breakdown(result.rows().stream().map(row -> new GroupRow(row.group(), row.value(), row.views(),
                row.watchTimeMs(), row.playingTimeMs(), row.negativeImpact())).toList(), result.totalRowCount());
    }

    private List<TimeBucket> buckets(Query query) {
        Query bucketed = query.granularity() == null
                ? query.withGranularity(Granularity.auto(query.range())) : query;
        return engine.run(bucketed).rows().stream()
                .map(row -> new TimeBucket(row.bucketStartMs(), row.value(), row.views())).toList();
    }

    private long startingUpAt(long instantMs) {
        return engine.concurrentViewers(ConcurrencyQuery.at("p1", instantMs, List.of()).withStartingUp())
                .getFirst().startingUpViewers();
    }

    private long viewersAt(String projectId, long instantMs, List<Filter> filters) {
        return engine.concurrentViewers(ConcurrencyQuery.at(projectId, instantMs, filters)).getFirst().viewers();
    }

    private Double overall(String metricId) {
        return totals(query(metricId)).value();
    }

    private Double overall(String metricId, Measurement measurement) {
        return totals(query(metricId).withMeasurement(measurement)).value();
    }

    private Double overall(String metricId, Filter filter) {
        return totals(query(metricId).withFilters(List.of(filter))).value();
    }

    private static double value(MetricValue metricValue) {
        return metricValue.value();
    }
}
