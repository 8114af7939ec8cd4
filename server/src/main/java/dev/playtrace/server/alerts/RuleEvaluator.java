package dev.playtrace.server.alerts;

import dev.playtrace.model.TimeRange;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryResult;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.catalog.MetricDefinition;
import dev.playtrace.query.catalog.MetricExpression;
import dev.playtrace.server.alerts.AlertRuleDefinition.Anomaly;
import dev.playtrace.server.alerts.AlertRuleDefinition.Direction;
import dev.playtrace.server.alerts.AlertRuleDefinition.Threshold;
import dev.playtrace.store.spi.ViewTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Evaluates one rule at one instant: the metric over the window ending then, through {@link QueryService#run} (the
 * engine every API uses, so an alert's number is the number the dashboard shows), and for anomaly rules the same
 * query over each history window. Decides whether the rule fires, holds, or is clear.
 */
public final class RuleEvaluator {
    private static final String UNIQUE_VIEWERS = "unique_viewers";
    private static final String PLAYS = "plays";

    private final QueryService queries;
    private final MetricCatalog catalog;

    public RuleEvaluator(QueryService queries, MetricCatalog catalog) {
        this.queries = requireNonNull(queries, "queries is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** What one evaluation found. */
    public enum Verdict {
        /** The condition holds: open an incident, or keep it open. */
        FIRING,
        /** Between the firing and the resolution level (hysteresis): an open incident stays, no new one opens. */
        HOLD,
        /** Back to normal (or too few views to say): counts towards resolving an open incident. */
        CLEAR
    }

    /**
     * @param value the metric over the window; null when undefined
     * @param baseline the threshold, or the history's pooled rate / median; null when there is no history
     * @param score the test statistic of an anomaly rule, signed so that positive is worse; null for thresholds
     */
    public record Evaluation(long atMs, TimeRange window, Double value, long views, long viewers, Double baseline,
            Double score, Verdict verdict, String reason) {
    }

    public Evaluation evaluate(String projectId, AlertRuleDefinition rule, long atMs) {
        return evaluate(projectId, rule, atMs, null);
    }

    /**
     * @param incidentFromMs while an incident is open, the start of its first window: history windows overlapping
     *                       the incident are skipped (and earlier ones taken instead), so the anomaly is not absorbed
     *                       into its own baseline; null when no incident is open
     */
    public Evaluation evaluate(String projectId, AlertRuleDefinition rule, long atMs, Long incidentFromMs) {
        TimeRange window = new TimeRange(atMs - rule.windowMs(), atMs);
        MetricDefinition metric = catalog.require(rule.metricId());
        Optional<String> trialsMetric = proportionTrials(metric);
        List<MetricRequest> requests = new ArrayList<>(List.of(new MetricRequest(rule.metricId(), rule.measurement()),
                MetricRequest.of(UNIQUE_VIEWERS)));
        trialsMetric.filter(PLAYS::equals).ifPresent(plays -> requests.add(MetricRequest.of(PLAYS)));
        ResultRow current = queries.run(Query.of(projectId, requests, window).withFilters(rule.filters())).total();
        Double value = current.value(0);
        long viewers = Math.round(valueOrZero(current.value(1)));
        if (current.views() < rule.minViews() || value == null) {
            return new Evaluation(atMs, window, value, current.views(), viewers, null, null, Verdict.CLEAR,
                    "fewer than min_views (" + rule.minViews() + ") views in the window");
        }
        return switch (rule.condition()) {
            case Threshold threshold -> threshold(threshold, atMs, window, value, current.views(), viewers);
            case Anomaly anomaly -> trialsMetric.isPresent()
                    ? proportionAnomaly(projectId, rule, anomaly, metric, atMs, window, value, current, viewers,
                            historyWindows(window, anomaly, incidentFromMs))
                    : robustAnomaly(projectId, rule, anomaly, atMs, window, value, current.views(), viewers,
                            historyWindows(window, anomaly, incidentFromMs));
        };
    }

    private static Evaluation threshold(Threshold threshold, long atMs, TimeRange window, double value, long views,
            long viewers) {
        boolean above = threshold.direction() == Direction.ABOVE;
        boolean beyond = above ? value > threshold.value() : value < threshold.value();
        boolean back = above ? value <= threshold.resolveValue() : value >= threshold.resolveValue();
        Verdict verdict = beyond ? Verdict.FIRING : back ? Verdict.CLEAR : Verdict.HOLD;
        return new Evaluation(atMs, window, value, views, viewers, threshold.value(), null, verdict,
                (above ? "above " : "below ") + threshold.value() + (beyond ? "" : " not") + " crossed");
    }

    private Evaluation proportionAnomaly(String projectId, AlertRuleDefinition rule, Anomaly anomaly,
            MetricDefinition metric, long atMs, TimeRange window, double value, ResultRow current, long viewers,
            List<TimeRange> historyWindows) {
        double scale = ((MetricExpression.CountRatio) metric.expression()).scale();
        boolean byPlays = proportionTrials(metric).filter(PLAYS::equals).isPresent();
        AnomalyTests.Counts now = counts(current, byPlays, scale);
        List<AnomalyTests.Counts> history = new ArrayList<>();
        for (TimeRange range : historyWindows) {
            List<MetricRequest> requests = new ArrayList<>(List.of(new MetricRequest(rule.metricId(), rule.measurement())));
            if (byPlays) {
                requests.add(MetricRequest.of(PLAYS));
            }
            history.add(counts(queries.run(Query.of(projectId, requests, range).withFilters(rule.filters())).total(),
                    byPlays, scale));
        }
        long historyTrials = history.stream().mapToLong(AnomalyTests.Counts::trials).sum();
        if (historyTrials < rule.minViews()) {
            return new Evaluation(atMs, window, value, current.views(), viewers, null, null, Verdict.CLEAR,
                    "too little history (" + historyTrials + " trials)");
        }
        double baseline = history.stream().mapToLong(AnomalyTests.Counts::successes).sum() * scale / historyTrials;
        double sign = anomaly.direction() == Direction.ABOVE ? 1 : -1;
        double score = sign * AnomalyTests.proportionZ(now, history);
        return anomalyVerdict(anomaly, atMs, window, value, current.views(), viewers, baseline, score, "z");
    }

    private Evaluation robustAnomaly(String projectId, AlertRuleDefinition rule, Anomaly anomaly, long atMs,
            TimeRange window, double value, long views, long viewers, List<TimeRange> historyWindows) {
        List<Double> history = new ArrayList<>();
        for (TimeRange range : historyWindows) {
            ResultRow row = queries.run(Query.of(projectId, List.of(new MetricRequest(rule.metricId(), rule.measurement())),
                    range).withFilters(rule.filters())).total();
            if (row.value() != null && row.views() >= Math.max(1, rule.minViews() / 2)) {
                history.add(row.value());
            }
        }
        if (history.size() < 3) {
            return new Evaluation(atMs, window, value, views, viewers, null, null, Verdict.CLEAR,
                    "fewer than 3 history windows with data");
        }
        AnomalyTests.Baseline baseline = AnomalyTests.robustBaseline(history);
        double sign = anomaly.direction() == Direction.ABOVE ? 1 : -1;
        Evaluation evaluation = anomalyVerdict(anomaly, atMs, window, value, views, viewers, baseline.median(),
                sign * baseline.score(value), "robust z");
        // heavy tails (one long stall moves a window's rebuffer percentage): a window no worse than the worst of the
        // history is not an anomaly, whatever the MAD of a few windows says
        double worst = history.stream().mapToDouble(h -> sign * h).max().orElseThrow();
        if (evaluation.verdict() == Verdict.FIRING && sign * value <= worst) {
            return new Evaluation(atMs, window, value, views, viewers, evaluation.baseline(), evaluation.score(),
                    Verdict.HOLD, evaluation.reason() + ", not beyond the worst history window");
        }
        return evaluation;
    }

    private static Evaluation anomalyVerdict(Anomaly anomaly, long atMs, TimeRange window, double value, long views,
            long viewers, double baseline, double score, String statistic) {
        double sign = anomaly.direction() == Direction.ABOVE ? 1 : -1;
        double change = sign * (value - baseline);
        double relative = baseline == 0 ? (change > 0 ? Double.POSITIVE_INFINITY : 0) : change / Math.abs(baseline);
        boolean firing = score >= anomaly.minScore() && change >= anomaly.minAbsoluteChange()
                && relative >= anomaly.minRelativeChange();
        Verdict verdict = firing ? Verdict.FIRING : score < anomaly.resolveScore() ? Verdict.CLEAR : Verdict.HOLD;
        return new Evaluation(atMs, window, value, views, viewers, baseline, score, verdict,
                String.format(java.util.Locale.ROOT, "%s = %.2f, change %.4g (%.0f %%) against baseline %.4g",
                        statistic, score, change, relative * 100, baseline));
    }

    /**
     * The {@code historyWindows} windows of the window's length, each {@code historyStepMinutes} before the last,
     * skipping those that end after {@code incidentFromMs} (when set).
     */
    static List<TimeRange> historyWindows(TimeRange window, Anomaly anomaly, Long incidentFromMs) {
        List<TimeRange> ranges = new ArrayList<>();
        long stepMs = anomaly.historyStepMinutes() * 60_000L;
        for (int k = 1; ranges.size() < anomaly.historyWindows(); k++) {
            TimeRange range = new TimeRange(window.fromMs() - k * stepMs, window.toMs() - k * stepMs);
            if (incidentFromMs == null || range.toMs() <= incidentFromMs) {
                ranges.add(range);
            }
        }
        return ranges;
    }

    /**
     * For a count ratio (a share of views, or of started views), the metric that counts its trials; empty for every
     * other metric, which the robust test handles.
     */
    static Optional<String> proportionTrials(MetricDefinition metric) {
        if (metric.expression() instanceof MetricExpression.CountRatio ratio) {
            if (ratio.denominator().isAll()) {
                return Optional.of("views");
            }
            if (ratio.denominator().flag() == ViewTable.IS_STARTED) {
                return Optional.of(PLAYS);
            }
        }
        return Optional.empty();
    }

    private static AnomalyTests.Counts counts(ResultRow row, boolean byPlays, double scale) {
        long trials = byPlays ? Math.round(valueOrZero(row.value(row.values().size() - 1))) : row.views();
        long successes = row.value(0) == null ? 0 : Math.round(row.value(0) / scale * trials);
        return new AnomalyTests.Counts(successes, trials);
    }

    private static double valueOrZero(Double value) {
        return value == null ? 0.0 : value;
    }
}
