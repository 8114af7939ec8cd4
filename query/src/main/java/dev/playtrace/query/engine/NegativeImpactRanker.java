package dev.playtrace.query.engine;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks breakdown groups by how much each one pulls the overall value the wrong way.
 *
 * <p>{@code impact = (group views / all views) × badness}, where {@code badness = group value − overall value} for
 * metrics where lower is better and {@code overall value − group value} where higher is better. So a group that is
 * much worse than the whole but tiny, and a large group that is only a little worse, are weighed against each other
 * by the share of views they affect. Rank 1 is the largest impact (the worst group); ties go to the group with more
 * views, then to the smaller field. Every group gets a distinct rank from 1 to the number of groups.
 */
final class NegativeImpactRanker {
    private NegativeImpactRanker() {
    }

    /**
     * @param overallValue the metric over all selected views (0 is used when it is undefined)
     * @param totalViews all selected views, including those whose group value is null
     */
    static Map<String, Integer> rank(List<GroupStats> groups, Double overallValue, long totalViews,
                                     boolean higherIsBetter) {
        double reference = overallValue == null ? 0.0 : overallValue;
        long viewsBase = totalViews > 0 ? totalViews : groups.stream().mapToLong(GroupStats::views).sum();
        Map<String, Double> impacts = new HashMap<>();
        for (GroupStats group : groups) {
            double share = viewsBase == 0 ? 0.0 : (double) group.views() / viewsBase;
            double badness = higherIsBetter ? reference - group.value() : group.value() - reference;
            impacts.put(group.field(), share * badness);
        }
        List<GroupStats> ordered = groups.stream()
                .sorted(Comparator.<GroupStats>comparingDouble(group -> impacts.get(group.field())).reversed()
                        .thenComparing(Comparator.comparingLong(GroupStats::views).reversed())
                        .thenComparing(GroupStats::field))
                .toList();
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            ranks.put(ordered.get(i).field(), i + 1);
        }
        return ranks;
    }
}
