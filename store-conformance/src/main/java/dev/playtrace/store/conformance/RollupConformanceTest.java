package dev.playtrace.store.conformance;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.query.Grouping;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.catalog.MetricDefinition;
import dev.playtrace.query.catalog.MetricExpression;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.query.sql.RollupSqlGenerator;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.ViewHistogramTable;
import dev.playtrace.store.spi.ViewRollupTable;
import dev.playtrace.store.spi.ViewStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.playtrace.store.conformance.ConformanceViews.HOUR;
import static dev.playtrace.store.conformance.ConformanceViews.MINUTE;
import static dev.playtrace.store.conformance.ConformanceViews.T0;
import static dev.playtrace.store.conformance.ViewBuilder.view;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hourly rollup and its histograms answer exactly what the views table answers: for every metric and measurement
 * they serve (medians and percentiles of startup time and rebuffering from the histograms), overall, hourly and daily, broken down by each rollup dimension and filtered on them, the result read
 * from the rollup equals the one read from the views table ({@link QueryEngine.Rollups#NEVER}) on the same data,
 * value for value (ratios bit for bit). It holds while views are rewritten with new numbers, recomputed into another
 * hour of play request, and sent stale. A store module extends this class and opens an empty store that keeps the
 * rollup.
 */
public abstract class RollupConformanceTest {
    private static final long DAY = 24 * HOUR;
    /** Three hours from T0 (a UTC midnight), and the clock a day later so nothing is cut at now. */
    private static final TimeRange HOURS = new TimeRange(T0, T0 + 3 * HOUR);
    private static final TimeRange TWO_DAYS = new TimeRange(T0 - DAY, T0 + DAY);
    /** Off the hour at both ends: whole hours from the rollup, the partial first and last from the views. */
    private static final TimeRange UNALIGNED = new TimeRange(T0 + 17 * MINUTE + 3_000, T0 + 2 * HOUR + 41 * MINUTE);
    private static final TimeRange TWO_DAYS_UNALIGNED = new TimeRange(T0 - DAY + 7 * MINUTE, T0 + DAY - 1_000);
    private static final long NOW = T0 + 2 * DAY;
    private static final List<String> PROJECTS = List.of("p1", "p2");

    protected ViewStore store;
    private QueryEngine fromRollup;
    private QueryEngine fromViews;

    /** A new, empty store that maintains the rollup. */
    protected abstract ViewStore openStore();

    @BeforeEach
    void openEngines() {
        store = openStore();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        // whenever exact, whatever the cost: every rollup statement, the partial edge hours included, is checked
        fromRollup = new QueryEngine(store, clock, MetricCatalog.standard(), QueryEngine.Rollups.WHEN_EXACT);
        fromViews = new QueryEngine(store, clock, MetricCatalog.standard(), QueryEngine.Rollups.NEVER);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void storeKeepsTheRollup() {
        assertThat(store.maintainsViewRollup()).isTrue();
    }

    @Test
    void everyRollupMetricOverallByHourByDayAndByEveryDimensionEqualsTheViewsTable() {
        store.write(randomViews(new Random(18), 400), List.of());
        assertThat(rolledUpAttempts("p1") + rolledUpAttempts("p2")).isEqualTo(400);
        assertEveryQueryAgrees();
    }

    @Test
    void viewsRewrittenWithNewNumbersStayExactAfterEveryWrite() {
        List<View> base = randomViews(new Random(7), 120);
        store.write(base, List.of());
        assertEveryQueryAgrees();
        for (int version = 2; version <= 4; version++) {
            List<View> next = new ArrayList<>();
            for (View view : base.subList(0, 60)) {
                next.add(rewritten(view, version, new Random(version * 1000L + view.viewId().hashCode())));
            }
            store.write(next, List.of());
            assertEveryQueryAgrees();
        }
        assertThat(rolledUpAttempts("p1") + rolledUpAttempts("p2")).isEqualTo(120);
    }

    @Test
    void lateRecomputeMovingThePlayRequestToAnotherHourMovesTheViewInTheRollup() {
        store.write(List.of(
                view("moved", T0 + 50 * MINUTE).started(900).playing(40_000).rebuffering(1, 700)
                        .country("US").browser("Chrome").deviceCategory("desktop").build(),
                view("stays", T0 + 55 * MINUTE).started(1_200).playing(10_000)
                        .country("US").browser("Chrome").deviceCategory("desktop").build()), List.of());
        Query hourly = Query.of("p1", List.of(MetricRequest.of("views"), MetricRequest.of("playing_time")), HOURS)
                .withGranularity(Granularity.HOUR);
        assertThat(values(fromRollup.run(hourly), 0)).containsExactly(2.0, 0.0, 0.0);

        // a late beacon with a smaller clock offset moves the whole view (start and play request) an hour later
        store.write(List.of(view("moved", T0 + 70 * MINUTE).version(2).started(900).playing(45_000)
                .rebuffering(2, 1_500).country("DE").browser("Chrome").deviceCategory("desktop").build()), List.of());
        assertThat(values(fromRollup.run(hourly), 0)).containsExactly(1.0, 1.0, 0.0);
        assertThat(values(fromRollup.run(hourly), 1)).containsExactly(10_000.0, 45_000.0, 0.0);
        assertEveryQueryAgrees();

        // an older version arriving late changes nothing
        store.write(List.of(view("moved", T0 + 130 * MINUTE).version(1).started(100).playing(1)
                .country("FR").build()), List.of());
        assertThat(values(fromRollup.run(hourly), 0)).containsExactly(1.0, 1.0, 0.0);
        assertEveryQueryAgrees();
    }

    @Test
    void aCellWhoseOnlyViewMovedAwayIsNoGroup() {
        store.write(List.of(view("only", T0 + 5 * MINUTE).started(500).country("SE").build()), List.of());
        store.write(List.of(view("only", T0 + 5 * MINUTE).version(2).started(500).country("NO").build()), List.of());
        Query byCountry = Query.of("p1", "views", HOURS).withGroupBy(Dimension.COUNTRY);
        assertThat(fromRollup.answersFromRollup(byCountry)).isTrue();
        assertThat(fromRollup.run(byCountry).rows()).extracting(row -> row.group()).containsExactly("NO");
        assertThat(rolledUpCells("p1")).isEqualTo(1);
    }

    @Test
    void aHistogramValueWhoseViewsAllChangedIsDeletedAndTheMedianFollowsTheViews() {
        store.write(List.of(
                view("a", T0 + 5 * MINUTE).started(700).country("SE").build(),
                view("b", T0 + 6 * MINUTE).started(700).country("SE").build(),
                view("c", T0 + 7 * MINUTE).started(1_500).country("SE").build(),
                view("d", T0 + 8 * MINUTE).started(400).build()), List.of());
        Query median = Query.of("p1", "video_startup_time", HOURS);
        assertThat(fromRollup.answersFromRollup(median)).isTrue();
        assertThat(histogramRows("p1", 700)).isEqualTo(1);
        assertThat(fromRollup.run(median).rows().getFirst().value(0)).isEqualTo(700.0);
        Query byCountry = median.withGroupBy(Dimension.COUNTRY);
        assertThat(fromRollup.run(byCountry).rows()).extracting(row -> row.group() + " " + row.value(0))
                .containsExactly("SE 700.0");

        // both views of 700 ms recomputed: one to another startup time, one into another hour and country
        store.write(List.of(
                view("a", T0 + 5 * MINUTE).version(2).started(900).country("SE").build(),
                view("b", T0 + 70 * MINUTE).version(2).started(2_000).country("NO").build()), List.of());
        assertThat(histogramRows("p1", 700)).as("a value no view has any more").isZero();
        assertThat(fromRollup.run(median).rows().getFirst().value(0)).isEqualTo(1_200.0);
        // a stale version of a view changes nothing
        store.write(List.of(view("a", T0 + 5 * MINUTE).version(1).started(700).country("SE").build()), List.of());
        assertThat(histogramRows("p1", 700)).isZero();
        for (Measurement measurement : List.of(Measurement.MEDIAN, Measurement.P95, Measurement.P99, Measurement.SUM)) {
            Query query = median.withMeasurement(measurement);
            assertSame(query);
            assertSame(query.withGroupBy(Dimension.COUNTRY));
            assertSame(query.withGranularity(Granularity.HOUR));
            assertSame(query.withRange(UNALIGNED).withGroupBy(Dimension.COUNTRY));
            // groups of renamed values and of views without a value, as the facades ask
            assertSame(query.withGrouping(Grouping.by(Dimension.COUNTRY).withMissingValuesAs("unknown")));
            assertSame(query.withGrouping(Grouping.by(Dimension.COUNTRY)
                    .mappedBy(country -> country.equals("SE") || country.equals("NO") ? "nordic" : country)));
        }
    }

    @Test
    void questionsOffTheGridReadTheViewsTable() {
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "views", HOURS))).isTrue();
        assertThat(fromRollup.rollupTable(Query.of("p1", "views", new TimeRange(T0 + MINUTE, T0 + HOUR))))
                .as("no whole hour in the window: the five-minute cube").contains(ViewRollupTable.FIVE_MINUTE.name());
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "views", new TimeRange(T0 + MINUTE, T0 + HOUR))
                .withFilters(List.of(Filter.equalTo(Dimension.COUNTRY, "US")))))
                .as("no whole hour in the window, filtered").isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "views", new TimeRange(T0 + MINUTE, T0 + 4 * MINUTE))))
                .as("no whole five minutes in the window").isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "views", new TimeRange(T0 + MINUTE, T0 + 2 * HOUR))))
                .as("one whole hour and a partial one").isTrue();
        assertThat(fromRollup.rollupTable(Query.of("p1", "views", HOURS).withGranularity(Granularity.TEN_MINUTES)))
                .contains(ViewRollupTable.FIVE_MINUTE.name());
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "views", HOURS).withGranularity(Granularity.MINUTE)))
                .isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "views", HOURS).withGranularity(Granularity.TEN_MINUTES)
                .withFilters(List.of(Filter.equalTo(Dimension.COUNTRY, "US"))))).as("five-minute buckets of a subset")
                .isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "video_startup_time", HOURS)
                .withGranularity(Granularity.TEN_MINUTES))).as("a median in five-minute buckets").isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "views", HOURS).withGroupBy(Dimension.VIDEO_ID)
                .withFilters(List.of(Filter.equalTo(Dimension.COUNTRY, "US"))))).as("video by country").isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "video_startup_time", HOURS)
                .withGroupBy(Dimension.VIDEO_ID))).as("a median by video").isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "views", HOURS)
                .withFilters(List.of(Filter.equalTo(Dimension.PLAYER_NAME, "x"))))).isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "video_startup_time", HOURS))).isTrue();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "video_startup_time", HOURS)
                .withMeasurement(Measurement.AVG))).as("an average of per-view values").isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", List.of(MetricRequest.of("views"),
                new MetricRequest("rebuffer_count", Measurement.AVG)), HOURS))).isFalse();
        assertThat(fromRollup.answersFromRollup(Query.of("p1", "unique_viewers", HOURS)
                .withGroupBy(Dimension.COUNTRY))).as("distinct viewers of a subset").isFalse();
        Clock early = Clock.fixed(Instant.ofEpochMilli(T0 + 90 * MINUTE), ZoneOffset.UTC);
        assertThat(new QueryEngine(store, early).answersFromRollup(Query.of("p1", "views", HOURS)))
                .as("a window cut at now: its whole hours from the rollup").isTrue();
        Clock tooEarly = Clock.fixed(Instant.ofEpochMilli(T0 + 50 * MINUTE), ZoneOffset.UTC);
        assertThat(new QueryEngine(store, tooEarly).rollupTable(Query.of("p1", "views", HOURS)))
                .as("a window cut at now before its first whole hour: its whole five minutes")
                .contains(ViewRollupTable.FIVE_MINUTE.name());
        assertThat(new QueryEngine(store, tooEarly).answersFromRollup(Query.of("p1", "views", HOURS)
                .withGroupBy(Dimension.COUNTRY))).as("a breakdown cut at now before its first whole hour").isFalse();
    }

    @Test
    void viewsInThePartialFirstAndLastHourCountOnceAndViewsJustOutsideTheWindowDoNot() {
        long fromMs = UNALIGNED.fromMs();
        long toMs = UNALIGNED.toMs();
        store.write(List.of(
                view("before", fromMs - 1).started(500).playing(1_000).country("US").build(),
                view("first-instant", fromMs).started(500).playing(2_000).country("US").build(),
                view("first-hour", T0 + 40 * MINUTE).started(500).playing(4_000).country("DE").build(),
                view("whole-hour", T0 + 90 * MINUTE).started(500).playing(8_000).country("US").build(),
                view("last-hour", toMs - 1).started(500).playing(16_000).country("DE").build(),
                view("at-the-end", toMs).started(500).playing(32_000).country("US").build()), List.of());
        Query overall = Query.of("p1", List.of(MetricRequest.of("views"), MetricRequest.of("playing_time")), UNALIGNED);
        assertThat(fromRollup.answersFromRollup(overall)).isTrue();

        assertThat(fromRollup.run(overall).rows().getFirst().values()).containsExactly(4.0, 30_000.0);
        assertThat(fromRollup.run(overall.withGroupBy(Dimension.COUNTRY)).rows())
                .extracting(row -> row.group() + " " + row.value(0) + " " + row.value(1))
                .containsExactlyInAnyOrder("US 2.0 10000.0", "DE 2.0 20000.0");
        assertThat(fromRollup.run(overall.withGranularity(Granularity.HOUR)).rows())
                .extracting(row -> (row.bucketStartMs() - T0) / HOUR + "h " + row.value(0) + " " + row.value(1))
                .containsExactly("0h 2.0 6000.0", "1h 1.0 8000.0", "2h 1.0 16000.0");
        assertSame(overall);
        assertSame(overall.withGroupBy(Dimension.COUNTRY));
        assertSame(overall.withGranularity(Granularity.HOUR));
    }

    @Test
    void byDefaultTwoPartialEdgesNeed23HoursOfWholeSlotsBeforeTheRollupAnswers() {
        store.write(randomViews(new Random(24), 60), List.of());
        QueryEngine byCost = new QueryEngine(store, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        long endMs = T0 + 2 * HOUR + 37 * MINUTE;
        Query lastDay = Query.of("p1", "views", new TimeRange(endMs - DAY, endMs)).withGroupBy(Dimension.COUNTRY);
        Query lastHalfDay = lastDay.withRange(new TimeRange(endMs - 12 * HOUR, endMs));
        Query lastTwoDays = lastDay.withRange(new TimeRange(endMs - 2 * DAY, endMs));
        Query fromTheHour = lastDay.withRange(new TimeRange(T0 + HOUR, endMs));

        assertThat(byCost.answersFromRollup(lastHalfDay)).as("11 whole hours between two partial ones").isFalse();
        assertThat(byCost.answersFromRollup(lastDay)).as("23 whole hours between two partial ones").isTrue();
        assertThat(byCost.answersFromRollup(lastTwoDays)).as("47 whole hours between two partial ones").isTrue();
        assertThat(byCost.answersFromRollup(fromTheHour)).as("one partial hour").isTrue();
        Query fiveMinutesOfTheLastDay = Query.of("p1", "views", new TimeRange(endMs - DAY + 2 * MINUTE, endMs))
                .withGranularity(Granularity.FIVE_MINUTES);
        assertThat(byCost.rollupTable(fiveMinutesOfTheLastDay)).as("a day of five-minute buckets off their grid")
                .contains(ViewRollupTable.FIVE_MINUTE.name());
        for (Query query : List.of(lastHalfDay, lastDay, lastTwoDays, fromTheHour, fiveMinutesOfTheLastDay)) {
            assertThat(byCost.run(query).rows()).isEqualTo(fromViews.run(query).rows()).isNotEmpty();
        }
    }

    @Test
    void distinctViewersOfTheWholeProjectEqualTheViewsTableWhileViewsMoveAndChangeViewer() {
        Random random = new Random(4);
        List<View> views = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            views.add(viewOfViewer(random, "v" + i, 1, viewerOf(random),
                    TWO_DAYS.fromMs() + (long) random.nextInt((int) (2 * DAY / 1000)) * 1000));
        }
        // two views of one viewer at the same instant: the view id orders them
        views.add(viewOfViewer(random, "tie-a", 1, "viewer-tie", T0 + 30 * MINUTE));
        views.add(viewOfViewer(random, "tie-b", 1, "viewer-tie", T0 + 30 * MINUTE));
        store.write(views, List.of());
        assertViewersAgree();

        for (int version = 2; version <= 4; version++) {
            List<View> next = new ArrayList<>();
            for (View view : views.subList(0, 100)) {
                int change = random.nextInt(5);
                long playRequestedAtMs = change == 0 || change == 1
                        // a late beacon moves the view: to another hour, or within its hour
                        ? view.playRequestedAtMs() + (random.nextInt(7_200) - 3_600) * 1000L : view.playRequestedAtMs();
                String viewer = change == 2 ? viewerOf(random) : change == 3 ? null : view.viewerId();
                next.add(viewOfViewer(random, view.viewId(), version, viewer, playRequestedAtMs));
            }
            // a stale version of a view changes nothing
            next.add(viewOfViewer(random, views.get(150).viewId(), 0, "viewer-stale", T0));
            store.write(next, List.of());
            assertViewersAgree();
        }
    }

    /**
     * Windows of a month, where the hourly counts of the sequence keep a previous view's hour only within 31 days:
     * viewers come back after gaps of up to 46 days; one comes back 34 days later with both views inside a 40-day
     * window (its later view is not a first view there, though its cell has no recent previous hour), one 31 days and
     * 10 minutes after a view in the first, partial hour of a 31-day window, before the window starts, and one three
     * days after such a view.
     */
    @Test
    void distinctViewersOverAMonthEqualTheViewsTableWhenViewersComeBackAfterLongGaps() {
        Random random = new Random(9);
        long startMs = T0 - 45 * DAY;
        List<View> views = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            views.add(viewOfViewer(random, "m" + i, 1, viewerOf(random),
                    startMs + (long) random.nextInt((int) (46 * DAY / 1000)) * 1000));
        }
        TimeRange month = new TimeRange(startMs + 20 * MINUTE, startMs + 20 * MINUTE + 31 * DAY);
        views.add(viewOfViewerIn("p1", "gap-a", "viewer-gap", startMs + 5 * MINUTE));
        views.add(viewOfViewerIn("p1", "gap-b", "viewer-gap", startMs + 5 * MINUTE + 31 * DAY + 10 * MINUTE));
        views.add(viewOfViewerIn("p1", "near-a", "viewer-near", startMs + 10 * MINUTE));
        views.add(viewOfViewerIn("p1", "near-b", "viewer-near", startMs + 3 * DAY));
        views.add(viewOfViewerIn("p1", "long-a", "viewer-long", startMs + 2 * DAY + 3 * HOUR));
        views.add(viewOfViewerIn("p1", "long-b", "viewer-long", startMs + 36 * DAY + 5 * HOUR));
        store.write(views, List.of());

        for (String project : PROJECTS) {
            Query viewers = Query.of(project, "unique_viewers", month);
            for (Query query : List.of(viewers, viewers.withGranularity(Granularity.DAY),
                    viewers.withRange(new TimeRange(startMs + 20 * MINUTE, startMs + 3 * DAY + 7 * MINUTE))
                            .withGranularity(Granularity.HOUR),
                    viewers.withRange(new TimeRange(startMs, startMs + 40 * DAY)),
                    viewers.withRange(new TimeRange(startMs + 20 * MINUTE, startMs + 40 * DAY))
                            .withGranularity(Granularity.DAY),
                    viewers.withRange(new TimeRange(startMs + 7 * DAY + 1_000, startMs + 14 * DAY - 1_000)),
                    viewers.withRange(new TimeRange(startMs + 7 * DAY + 1_000, startMs + 14 * DAY - 1_000))
                            .withGranularity(Granularity.DAY))) {
                assertSame(query);
            }
        }
        assertThat(fromViews.run(Query.of("p1", "unique_viewers", month)).rows().getFirst().value(0))
                .as("viewers counted").isGreaterThan(10.0);
    }

    private static View viewOfViewerIn(String project, String viewId, String viewer, long playRequestedAtMs) {
        return view(viewId, playRequestedAtMs).project(project).version(1).viewer(viewer).started(500).playing(1_000)
                .country("US").build();
    }

    private void assertViewersAgree() {
        for (String project : PROJECTS) {
            Query viewers = Query.of(project, "unique_viewers", HOURS);
            for (Query query : List.of(viewers, viewers.withGranularity(Granularity.HOUR),
                    viewers.withRange(TWO_DAYS).withGranularity(Granularity.DAY), viewers.withRange(UNALIGNED),
                    viewers.withRange(UNALIGNED).withGranularity(Granularity.HOUR),
                    viewers.withRange(TWO_DAYS_UNALIGNED), viewers.withRange(TWO_DAYS_UNALIGNED)
                            .withGranularity(Granularity.DAY),
                    Query.of(project, List.of(MetricRequest.of("views"), MetricRequest.of("unique_viewers"),
                            new MetricRequest("video_startup_time", Measurement.P95)), TWO_DAYS_UNALIGNED)
                            .withGranularity(Granularity.HOUR),
                    // beside the five-minute cube
                    viewers.withRange(UNALIGNED).withGranularity(Granularity.FIVE_MINUTES),
                    Query.of(project, List.of(MetricRequest.of("views"), MetricRequest.of("unique_viewers")), UNALIGNED)
                            .withGranularity(Granularity.TEN_MINUTES))) {
                assertSame(query);
            }
            assertThat(fromRollup.run(viewers.withRange(TWO_DAYS)).rows().getFirst().value(0))
                    .as("viewers counted").isGreaterThan(5.0);
            assertThat(fromRollup.answersFromRollup(viewers.withGroupBy(Dimension.COUNTRY)))
                    .as("a breakdown's viewers are a subset's").isFalse();
            assertThat(fromRollup.answersFromRollup(viewers.withFilters(List.of(Filter.equalTo(Dimension.COUNTRY,
                    "US"))))).as("a filter's viewers are a subset's").isFalse();
        }
    }

    /** One of twenty viewers, or (one time in ten) none. */
    private static String viewerOf(Random random) {
        return random.nextInt(10) == 0 ? null : "viewer-" + random.nextInt(20);
    }

    private static View viewOfViewer(Random random, String viewId, long version, String viewer,
                                     long playRequestedAtMs) {
        String project = PROJECTS.get(Math.floorMod(viewId.hashCode(), 2));
        return view(viewId, playRequestedAtMs).project(project).version(version).viewer(viewer)
                .started(200 + random.nextInt(3_000)).playing(random.nextInt(60_000))
                .country(pick(random, "US", "DE")).build();
    }

    /** Every rollup metric, every measurement, overall / hourly / daily / by each dimension, filtered or not. */
    private void assertEveryQueryAgrees() {
        List<MetricRequest> served = new ArrayList<>();
        List<MetricRequest> inFiveMinutes = new ArrayList<>();
        for (MetricDefinition metric : MetricCatalog.standard().definitions()) {
            for (Measurement measurement : metric.measurements()) {
                if (RollupSqlGenerator.canRender(metric.expression(), measurement)) {
                    served.add(new MetricRequest(metric.id(), measurement));
                    // the histograms are kept per hourly cell only
                    if (!(metric.expression() instanceof MetricExpression.PerViewAggregate)) {
                        inFiveMinutes.add(new MetricRequest(metric.id(), measurement));
                    }
                }
            }
        }
        assertThat(served).extracting(MetricRequest::metricId).contains("views", "plays", "ended_plays",
                "exits_before_video_start", "video_startup_failure_percentage", "playback_failure_percentage",
                "video_playback_failure_percentage", "fatal_errors", "rebuffer_percentage", "rebuffer_frequency",
                "cirr", "buffering_ratio", "playing_time", "play_duration", "watch_time", "view_dropped_percentage");
        assertThat(served).contains(
                new MetricRequest("video_startup_time", Measurement.MEDIAN),
                new MetricRequest("video_startup_time", Measurement.P95),
                new MetricRequest("video_startup_time", Measurement.P99),
                new MetricRequest("video_startup_time", Measurement.SUM),
                new MetricRequest("rebuffer_count", Measurement.MEDIAN),
                new MetricRequest("rebuffer_count", Measurement.P95),
                new MetricRequest("rebuffer_duration", Measurement.MEDIAN),
                new MetricRequest("rebuffer_duration", Measurement.P95))
                .doesNotContain(new MetricRequest("video_startup_time", Measurement.AVG));
        List<List<Filter>> filterSets = List.of(
                List.of(),
                List.of(new Filter(Dimension.COUNTRY, List.of("US", "DE"), false)),
                List.of(Filter.notEqualTo(Dimension.BROWSER, "Safari"), Filter.equalTo(Dimension.STREAM_TYPE, "live")),
                List.of(Filter.notEqualTo(Dimension.CDN, "cdn-a"), Filter.equalTo(Dimension.DEVICE_CATEGORY, "mobile"),
                        Filter.notEqualTo(Dimension.OPERATING_SYSTEM, "iOS")));
        for (String project : PROJECTS) {
            for (List<Filter> filters : filterSets) {
                for (MetricRequest metric : served) {
                    Query base = Query.of(project, List.of(metric), HOURS).withFilters(filters);
                    assertSame(base);
                    assertSame(base.withGranularity(Granularity.HOUR));
                    assertSame(base.withRange(TWO_DAYS).withGranularity(Granularity.DAY));
                    for (Dimension dimension : ViewRollupTable.DIMENSIONS) {
                        assertSame(base.withGroupBy(dimension));
                    }
                    if (project.equals(PROJECTS.getFirst())) {
                        assertSameOffTheHour(base, filters.size() == 2);
                        if (filters.isEmpty() && inFiveMinutes.contains(metric)) {
                            assertSameInFiveMinutes(base);
                            assertSameByVideo(base);
                        }
                    }
                }
                // several metrics in one statement, as dashboards ask; the histograms' beside the cube's
                Query dashboard = Query.of(project, List.of(MetricRequest.of("views"),
                        new MetricRequest("video_startup_time", Measurement.P95), MetricRequest.of("rebuffer_percentage"),
                        MetricRequest.of("playback_failure_percentage"), MetricRequest.of("video_startup_time"),
                        new MetricRequest("rebuffer_duration", Measurement.SUM), MetricRequest.of("watch_time")), HOURS)
                        .withFilters(filters);
                assertSame(dashboard.withGroupBy(Dimension.COUNTRY));
                assertSame(dashboard);
                assertSame(dashboard.withRange(UNALIGNED).withGranularity(Granularity.HOUR));
            }
        }
    }

    /**
     * The five-minute cube: five- and ten-minute buckets on and off its grid, and a window with no whole hour (the
     * partial edges are at most five minutes, from the views).
     */
    private void assertSameInFiveMinutes(Query base) {
        for (Query query : List.of(base.withGranularity(Granularity.FIVE_MINUTES),
                base.withRange(UNALIGNED).withGranularity(Granularity.FIVE_MINUTES),
                base.withRange(UNALIGNED).withGranularity(Granularity.TEN_MINUTES),
                base.withRange(new TimeRange(T0 + 7 * MINUTE + 500, T0 + 52 * MINUTE)))) {
            assertThat(fromRollup.rollupTable(query)).as("%s", query).contains(ViewRollupTable.FIVE_MINUTE.name());
            assertSame(query);
        }
    }

    /** The video cube: breakdowns by video id and title, filtered on the other, on and off the hour. */
    private void assertSameByVideo(Query base) {
        for (Query query : List.of(base.withGroupBy(Dimension.VIDEO_ID), base.withGroupBy(Dimension.VIDEO_TITLE),
                base.withRange(UNALIGNED).withGroupBy(Dimension.VIDEO_ID),
                base.withGroupBy(Dimension.VIDEO_TITLE).withFilters(List.of(Filter.notEqualTo(Dimension.VIDEO_ID,
                        "video-3"))),
                base.withFilters(List.of(Filter.equalTo(Dimension.VIDEO_TITLE, "Intro"))))) {
            assertThat(fromRollup.rollupTable(query)).as("%s", query).contains(ViewRollupTable.VIDEO_HOURLY.name());
            assertSame(query);
        }
    }

    /** Windows off the hour (half the cases, to keep the suite's time): overall, hourly, daily, by dimension. */
    private void assertSameOffTheHour(Query base, boolean byEveryDimension) {
        assertSame(base.withRange(UNALIGNED));
        assertSame(base.withRange(UNALIGNED).withGranularity(Granularity.HOUR));
        assertSame(base.withRange(TWO_DAYS_UNALIGNED).withGranularity(Granularity.DAY));
        List<Dimension> dimensions = byEveryDimension ? ViewRollupTable.DIMENSIONS : List.of(Dimension.COUNTRY);
        for (Dimension dimension : dimensions) {
            assertSame(base.withRange(UNALIGNED).withGroupBy(dimension));
        }
    }

    private void assertSame(Query query) {
        assertThat(fromRollup.answersFromRollup(query)).as("served by the rollup: %s", query).isTrue();
        assertThat(fromViews.answersFromRollup(query)).isFalse();
        QueryResult expected = fromViews.run(query);
        QueryResult actual = fromRollup.run(query);
        assertThat(actual.rows()).as("%s", query).isEqualTo(expected.rows());
        assertThat(actual.totalRowCount()).isEqualTo(expected.totalRowCount());
    }

    private long rolledUpAttempts(String project) {
        return store.select(new SqlStatement("SELECT sum(" + ViewRollupTable.ATTEMPTS.name() + ") AS attempts FROM "
                + ViewRollupTable.NAME + " WHERE project_id = ?", List.of(project))).getFirst().longOrZero("attempts");
    }

    private long rolledUpCells(String project) {
        return store.select(new SqlStatement("SELECT count(*) AS cells FROM " + ViewRollupTable.NAME
                + " WHERE project_id = ?", List.of(project))).getFirst().longOrZero("cells");
    }

    /** Rows (cells) of the startup time histogram holding the value. */
    private long histogramRows(String project, long valueMs) {
        return store.select(new SqlStatement("SELECT count(*) AS cells FROM " + ViewHistogramTable.NAME
                        + " WHERE project_id = ? AND histogram = 'startup_time_ms' AND value = ?",
                List.of(project, valueMs))).getFirst().longOrZero("cells");
    }

    private static List<Double> values(QueryResult result, int metric) {
        return result.rows().stream().map(row -> row.value(metric)).toList();
    }

    /** Views over three hours, two projects, every outcome, dimensions drawn from small sets with nulls among them. */
    private static List<View> randomViews(Random random, int count) {
        List<View> views = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            views.add(randomView(random, PROJECTS.get(i % 2), "v" + i, 1,
                    T0 + (long) random.nextInt((int) (3 * HOUR / 1000)) * 1000));
        }
        return views;
    }

    /** The same view, a later version with other numbers (same play request, so the same start). */
    private static View rewritten(View view, int version, Random random) {
        return randomView(random, view.projectId(), view.viewId(), version, view.playRequestedAtMs());
    }

    private static View randomView(Random random, String project, String viewId, long version, long playRequestedAtMs) {
        ViewBuilder builder = view(viewId, playRequestedAtMs).project(project).version(version);
        int outcome = random.nextInt(10);
        if (outcome < 6) {
            // half the startup times from a few values, so that cells and merged histograms hold ties
            int startupMs = random.nextBoolean() ? 200 + random.nextInt(5_000) : 400 * (1 + random.nextInt(4));
            builder.started(startupMs).playing(random.nextInt(600_000))
                    .rebuffering(random.nextInt(4), random.nextInt(20_000))
                    .seekBuffering(random.nextInt(3), random.nextInt(5_000));
            if (outcome == 5) {
                builder.playbackFailure(pick(random, "E500", "E451"), random.nextBoolean(), random.nextInt(60_000))
                        .errorCount(1 + random.nextInt(3));
            } else if (outcome == 4) {
                builder.dropped();
            } else if (outcome < 2) {
                builder.ended();
            }
        } else if (outcome < 8) {
            builder.startupFailure(pick(random, "E403", "E500"), random.nextBoolean(), 100 + random.nextInt(9_000))
                    .watchTime(random.nextInt(9_000));
        } else if (outcome == 8) {
            builder.watchTime(random.nextInt(20_000));
        } else {
            builder.stillStarting().watchTime(random.nextInt(3_000));
        }
        dimension(random, builder, Dimension.COUNTRY, "US", "DE", "FR");
        dimension(random, builder, Dimension.DEVICE_CATEGORY, "desktop", "mobile", "tv");
        dimension(random, builder, Dimension.BROWSER, "Chrome", "Safari", "Firefox");
        dimension(random, builder, Dimension.OPERATING_SYSTEM, "Windows", "iOS", "Android");
        dimension(random, builder, Dimension.STREAM_TYPE, "on-demand", "live");
        dimension(random, builder, Dimension.CDN, "cdn-a", "cdn-b");
        builder.dimension(Dimension.VIDEO_ID, "video-" + random.nextInt(5));
        dimension(random, builder, Dimension.VIDEO_TITLE, "Intro", "Trailer", "Episode 1");
        return builder.build();
    }

    /** One of the values, or (one time in five) none. */
    private static void dimension(Random random, ViewBuilder builder, Dimension dimension, String... values) {
        if (random.nextInt(5) > 0) {
            builder.dimension(dimension, values[random.nextInt(values.length)]);
        }
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
