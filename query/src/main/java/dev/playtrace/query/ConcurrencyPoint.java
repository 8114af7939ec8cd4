package dev.playtrace.query;

import java.util.List;

/**
 * Views active at one instant; per group when the {@link ConcurrencyQuery} grouped them (largest first, then by
 * value; groups with no active view left out). {@code startingUpViewers} is 0 unless the query asked for it; then a
 * group with views only starting up is kept too. {@code recentMetricValue} is the query's recent metric at the
 * instant, null when it asked for none or the metric is undefined there.
 */
public record ConcurrencyPoint(long instantMs, long viewers, long startingUpViewers, Double recentMetricValue,
                               List<GroupCount> groups) {
    public ConcurrencyPoint {
        groups = List.copyOf(groups);
    }

    public ConcurrencyPoint(long instantMs, long viewers, List<GroupCount> groups) {
        this(instantMs, viewers, 0, null, groups);
    }

    public ConcurrencyPoint withRecentMetric(Double value, List<GroupCount> newGroups) {
        return new ConcurrencyPoint(instantMs, viewers, startingUpViewers, value, newGroups);
    }

    public record GroupCount(String value, long viewers, long startingUpViewers, Double recentMetricValue) {
        public GroupCount(String value, long viewers) {
            this(value, viewers, 0, null);
        }

        public GroupCount(String value, long viewers, long startingUpViewers) {
            this(value, viewers, startingUpViewers, null);
        }

        public GroupCount withRecentMetric(Double metricValue) {
            return new GroupCount(value, viewers, startingUpViewers, metricValue);
        }
    }
}
