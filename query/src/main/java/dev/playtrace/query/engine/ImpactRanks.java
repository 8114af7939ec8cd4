package dev.playtrace.query.engine;

import dev.playtrace.query.ResultRow;
import dev.playtrace.query.catalog.MetricDefinition;

import java.util.List;
import java.util.Map;

/** Gives each group row the negative-impact rank of the query's first metric (groups without a value get none). */
final class ImpactRanks {
    private ImpactRanks() {
    }

    static List<ResultRow> assign(List<ResultRow> groups, ResultRow total, MetricDefinition firstMetric) {
        List<GroupStats> ranked = groups.stream()
                .filter(row -> row.value() != null)
                .map(row -> new GroupStats(row.group(), row.value(), row.views(), row.watchTimeMs(), row.playingTimeMs()))
                .toList();
        Map<String, Integer> ranks = NegativeImpactRanker.rank(ranked, total.value(), total.views(),
                firstMetric.higherIsBetter());
        return groups.stream()
                .map(row -> new ResultRow(row.group(), row.bucketStartMs(), row.values(), row.views(),
                        row.watchTimeMs(), row.playingTimeMs(), ranks.getOrDefault(row.group(), 0), row.attributes()))
                .toList();
    }
}
