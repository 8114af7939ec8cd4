package dev.playtrace.server.alerts;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.server.alerts.AlertRuleDefinition.Direction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Says which dimension values drive a firing rule. For each candidate dimension it runs one grouped {@link Query}
 * over the window and one over the baseline period, and gives each value (slice) its contribution to the movement:
 * {@code share_now × value_now − share_before × value_before}, shares being the slice's fraction of all the rule's
 * views, signed so that positive is worse. For a count ratio over views (failure percentages) these contributions
 * add up exactly to the change of the whole (the shift of the rate inside a slice plus the shift of traffic
 * between slices); for other metrics they are the same weighted comparison the engine's negative-impact ranking
 * makes. Then the top slice is broken down once more by every other dimension, which names the combination (a CDN
 * in one country) when the cause is one.
 */
public final class Attribution {
    static final int TOP_SLICES = 10;
    static final int TOP_COMBINATIONS = 5;

    private final QueryService queries;

    public Attribution(QueryService queries) {
        this.queries = requireNonNull(queries, "queries is null");
    }

    /**
     * One dimension value (or a pair of them) and how much it moves the metric.
     *
     * @param within the slice a combination was found in; null for a single dimension
     * @param explainedShare contribution / change of the whole; null when the whole did not move the bad way
     */
    public record Slice(Dimension dimension, String value, Slice within, Double valueNow, Double valueBefore,
            long viewsNow, long viewsBefore, double viewsShare, double contribution, Double explainedShare) {
    }

    /** The ranked slices, with the periods compared. */
    public record Result(TimeRange window, TimeRange baseline, Double valueNow, Double valueBefore, List<Slice> slices,
            List<Slice> combinations) {
    }

    public Result attribute(String projectId, AlertRuleDefinition rule, Direction direction, TimeRange window,
            TimeRange baseline) {
        Totals now = totals(projectId, rule, window, rule.filters());
        Totals before = totals(projectId, rule, baseline, rule.filters());
        double sign = direction == Direction.ABOVE ? 1 : -1;
        Double movement = now.value == null || before.value == null ? null : sign * (now.value - before.value);
        List<Slice> slices = new ArrayList<>();
        for (Dimension dimension : rule.attributionDimensions()) {
            slices.addAll(slicesOf(projectId, rule, dimension, rule.filters(), null, window, baseline, now, before,
                    sign, movement));
        }
        slices.sort(BY_CONTRIBUTION);
        List<Slice> top = slices.stream().limit(TOP_SLICES).toList();
        List<Slice> combinations = new ArrayList<>();
        if (!top.isEmpty() && top.getFirst().contribution() > 0) {
            Slice first = top.getFirst();
            List<Filter> within = new ArrayList<>(rule.filters());
            within.add(Filter.equalTo(first.dimension(), first.value()));
            for (Dimension dimension : rule.attributionDimensions()) {
                if (dimension != first.dimension()) {
                    combinations.addAll(slicesOf(projectId, rule, dimension, within, first, window, baseline, now,
                            before, sign, movement));
                }
            }
            combinations.sort(BY_CONTRIBUTION);
        }
        return new Result(window, baseline, now.value, before.value, top,
                combinations.stream().limit(TOP_COMBINATIONS).toList());
    }

    private static final Comparator<Slice> BY_CONTRIBUTION = Comparator.comparingDouble(Slice::contribution).reversed()
            .thenComparing(Comparator.comparingLong(Slice::viewsNow).reversed())
            .thenComparing(slice -> slice.dimension().id())
            .thenComparing(Slice::value);

    private record Totals(Double value, long views) {
    }

    private Totals totals(String projectId, AlertRuleDefinition rule, TimeRange range, List<Filter> filters) {
        ResultRow row = queries.run(query(projectId, rule, range, filters)).total();
        return new Totals(row.value(), row.views());
    }

    private List<Slice> slicesOf(String projectId, AlertRuleDefinition rule, Dimension dimension, List<Filter> filters,
            Slice within, TimeRange window, TimeRange baseline, Totals now, Totals before, double sign,
            Double movement) {
        Map<String, ResultRow> current = byGroup(query(projectId, rule, window, filters).withGroupBy(dimension));
        Map<String, ResultRow> previous = byGroup(query(projectId, rule, baseline, filters).withGroupBy(dimension));
        Set<String> groups = new LinkedHashSet<>(current.keySet());
        groups.addAll(previous.keySet());
        List<Slice> slices = new ArrayList<>();
        for (String group : groups) {
            ResultRow a = current.get(group);
            ResultRow b = previous.get(group);
            long viewsNow = a == null ? 0 : a.views();
            long viewsBefore = b == null ? 0 : b.views();
            Double valueNow = a == null ? null : a.value();
            Double valueBefore = b == null ? null : b.value();
            double shareNow = now.views == 0 ? 0 : (double) viewsNow / now.views;
            double shareBefore = before.views == 0 ? 0 : (double) viewsBefore / before.views;
            double contribution = sign * (shareNow * orZero(valueNow) - shareBefore * orZero(valueBefore));
            Double explained = movement == null || movement <= 0 ? null : contribution / movement;
            slices.add(new Slice(dimension, group, within, valueNow, valueBefore, viewsNow, viewsBefore, shareNow,
                    contribution, explained));
        }
        return slices;
    }

    private static Query query(String projectId, AlertRuleDefinition rule, TimeRange range, List<Filter> filters) {
        return Query.of(projectId, List.of(new MetricRequest(rule.metricId(), rule.measurement())), range)
                .withFilters(filters);
    }

    private Map<String, ResultRow> byGroup(Query query) {
        Map<String, ResultRow> rows = new HashMap<>();
        for (ResultRow row : queries.run(query).rows()) {
            rows.put(row.group(), row);
        }
        return rows;
    }

    private static double orZero(Double value) {
        return value == null ? 0.0 : value;
    }
}
