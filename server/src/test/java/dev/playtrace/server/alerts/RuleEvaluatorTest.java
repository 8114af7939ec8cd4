package dev.playtrace.server.alerts;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.TimeRange;
import dev.playtrace.model.View;
import dev.playtrace.query.ConcurrencyPoint;
import dev.playtrace.query.ConcurrencyQuery;
import dev.playtrace.query.DimensionValuePage;
import dev.playtrace.query.ErrorSummary;
import dev.playtrace.query.Filter;
import dev.playtrace.query.MetricDescription;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.Page;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.ViewListQuery;
import dev.playtrace.query.ViewPage;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.server.alerts.RuleEvaluator.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The evaluator's decisions over a hand-written query service that answers each window with set numbers. */
class RuleEvaluatorTest {
    private static final long MINUTE_MS = 60_000;
    private static final long NOW_MS = 1_800_000_000_000L;
    private final AlertRuleJson rules = new AlertRuleJson(MetricCatalog.standard());

    /** Answers a query over a window ending at a given time with one row: a value per metric id, and views. */
    private static final class WindowAnswers implements QueryService {
        private final Map<Long, Map<String, Double>> values = new HashMap<>();
        private final Map<Long, Long> views = new HashMap<>();
        final List<Query> asked = new ArrayList<>();

        void answer(long windowEndMs, long viewCount, Map<String, Double> metricValues) {
            values.put(windowEndMs, metricValues);
            views.put(windowEndMs, viewCount);
        }

        @Override
        public QueryResult run(Query query) {
            asked.add(query);
            long end = query.range().toMs();
            Map<String, Double> known = values.getOrDefault(end, Map.of());
            List<Double> row = new ArrayList<>();
            for (MetricRequest metric : query.metrics()) {
                row.add(known.get(metric.metricId()));
            }
            return new QueryResult(List.of(), List.of(new ResultRow(null, null, row, views.getOrDefault(end, 0L), 0, 0,
                    0, Map.of())), 1);
        }

        @Override
        public List<MetricDescription> metrics() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<MetricDescription> metric(String metricId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ConcurrencyPoint> concurrentViewers(ConcurrencyQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<dev.playtrace.query.StartupHistogramPoint> startupTimeHistogram(
                dev.playtrace.query.StartupHistogramQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ViewPage listViews(ViewListQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<View> view(String projectId, String viewId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<View> openViews() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PlayerEvent> events(String projectId, String viewId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DimensionValuePage dimensionValues(String projectId, Dimension dimension, TimeRange range,
                List<Filter> filters, Page page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ErrorSummary> errors(String projectId, TimeRange range, List<Filter> filters) {
            throw new UnsupportedOperationException();
        }
    }

    private final WindowAnswers queries = new WindowAnswers();
    private final RuleEvaluator evaluator = new RuleEvaluator(queries, MetricCatalog.standard());

    private AlertRuleDefinition rule(String json) {
        return rules.parse(SimulatedAlerting.parse(json), (url, given) -> given);
    }

    @Test
    void aThresholdFiresBeyondItsValueHoldsInTheBandAndClearsPastTheResolutionValue() {
        AlertRuleDefinition rule = rule("""
                {"name": "VSF", "metric": "video_startup_failure_percentage", "min_views": 100,
                 "condition": {"type": "threshold", "value": 5}}""");

        queries.answer(NOW_MS, 500, Map.of("video_startup_failure_percentage", 6.0));
        assertThat(evaluator.evaluate("p", rule, NOW_MS).verdict()).isEqualTo(Verdict.FIRING);
        queries.answer(NOW_MS, 500, Map.of("video_startup_failure_percentage", 4.8));
        assertThat(evaluator.evaluate("p", rule, NOW_MS).verdict()).as("between 4.5 and 5").isEqualTo(Verdict.HOLD);
        queries.answer(NOW_MS, 500, Map.of("video_startup_failure_percentage", 4.4));
        assertThat(evaluator.evaluate("p", rule, NOW_MS).verdict()).isEqualTo(Verdict.CLEAR);
        queries.answer(NOW_MS, 99, Map.of("video_startup_failure_percentage", 60.0));
        assertThat(evaluator.evaluate("p", rule, NOW_MS).verdict()).as("too few views").isEqualTo(Verdict.CLEAR);
        assertThat(queries.asked.getFirst().filters()).isEmpty();
        assertThat(queries.asked.getFirst().range()).isEqualTo(new TimeRange(NOW_MS - 5 * MINUTE_MS, NOW_MS));
    }

    @Test
    void aProportionAnomalyTestsTheWindowsCountsAgainstThePooledHistory() {
        AlertRuleDefinition rule = rule("""
                {"name": "VSF", "metric": "video_startup_failure_percentage", "window_minutes": 5,
                 "condition": {"type": "anomaly", "history_windows": 4, "history_step_minutes": 1440}}""");
        for (int day = 1; day <= 4; day++) {
            queries.answer(NOW_MS - day * 1440 * MINUTE_MS, 1000, Map.of("video_startup_failure_percentage", 2.5));
        }
        queries.answer(NOW_MS, 1000, Map.of("video_startup_failure_percentage", 5.5, "unique_viewers", 900.0));

        RuleEvaluator.Evaluation evaluation = evaluator.evaluate("p", rule, NOW_MS);

        // 55 of 1,000 against 100 of 4,000: Fisher's exact one-sided tail 3.6e-6, z = 4.49 (50 of 1,000 is 3.81)
        assertThat(evaluation.score()).isBetween(4.47, 4.51);
        assertThat(evaluation.baseline()).isEqualTo(2.5);
        assertThat(evaluation.verdict()).isEqualTo(Verdict.FIRING);
        assertThat(evaluation.viewers()).isEqualTo(900);
        assertThat(queries.asked).extracting(query -> query.range().toMs()).containsExactly(NOW_MS,
                NOW_MS - 1440 * MINUTE_MS, NOW_MS - 2 * 1440 * MINUTE_MS, NOW_MS - 3 * 1440 * MINUTE_MS,
                NOW_MS - 4 * 1440 * MINUTE_MS);
    }

    @Test
    void whileAnIncidentIsOpenItsWindowsAreLeftOutOfTheHistory() {
        AlertRuleDefinition rule = rule("""
                {"name": "VSF", "metric": "video_startup_failure_percentage", "window_minutes": 5,
                 "condition": {"type": "anomaly", "history_windows": 3, "history_step_minutes": 5}}""");
        queries.answer(NOW_MS, 1000, Map.of("video_startup_failure_percentage", 9.0));

        evaluator.evaluate("p", rule, NOW_MS, NOW_MS - 12 * MINUTE_MS);

        assertThat(queries.asked).extracting(query -> query.range().toMs()).containsExactly(NOW_MS,
                NOW_MS - 15 * MINUTE_MS, NOW_MS - 20 * MINUTE_MS, NOW_MS - 25 * MINUTE_MS);
    }

    @Test
    void aRobustAnomalyMustBeWorseThanEveryHistoryWindow() {
        AlertRuleDefinition rule = rule("""
                {"name": "Startup", "metric": "video_startup_time", "window_minutes": 15, "min_views": 100,
                 "condition": {"type": "anomaly", "history_windows": 7, "history_step_minutes": 60}}""");
        double[] history = {800, 820, 790, 810, 1500, 805, 795};
        for (int k = 1; k <= history.length; k++) {
            queries.answer(NOW_MS - k * 60 * MINUTE_MS, 1000, Map.of("video_startup_time", history[k - 1]));
        }

        queries.answer(NOW_MS, 1000, Map.of("video_startup_time", 1400.0));
        RuleEvaluator.Evaluation belowWorst = evaluator.evaluate("p", rule, NOW_MS);
        assertThat(belowWorst.score()).isGreaterThan(4.0);
        assertThat(belowWorst.verdict()).isEqualTo(Verdict.HOLD);

        queries.answer(NOW_MS, 1000, Map.of("video_startup_time", 1600.0));
        assertThat(evaluator.evaluate("p", rule, NOW_MS).verdict()).isEqualTo(Verdict.FIRING);
        queries.answer(NOW_MS, 1000, Map.of("video_startup_time", 850.0));
        assertThat(evaluator.evaluate("p", rule, NOW_MS).verdict()).isEqualTo(Verdict.CLEAR);
    }

    @Test
    void theVideoPlaybackFailurePercentageCountsItsTrialsInPlays() {
        AlertRuleDefinition rule = rule("""
                {"name": "VPF", "metric": "video_playback_failure_percentage",
                 "condition": {"type": "anomaly", "history_windows": 3}}""");
        queries.answer(NOW_MS, 1000, Map.of("video_playback_failure_percentage", 10.0, "plays", 500.0));

        evaluator.evaluate("p", rule, NOW_MS);

        assertThat(queries.asked.getFirst().metrics()).extracting(MetricRequest::metricId)
                .containsExactly("video_playback_failure_percentage", "unique_viewers", "plays");
        assertThat(queries.asked.get(1).metrics()).extracting(MetricRequest::metricId)
                .containsExactly("video_playback_failure_percentage", "plays");
    }
}
