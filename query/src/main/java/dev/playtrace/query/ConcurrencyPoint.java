package dev.playtrace.query;

import java.util.List;

/**
 * Views active at one instant; per group when the {@link ConcurrencyQuery} grouped them (largest first, then by
 * value; groups with no active view left out). {@code startingUpViewers} is 0 unless the query asked for it; then a
 * group with views only starting up is kept too.
 */
public record ConcurrencyPoint(long instantMs, long viewers, long startingUpViewers, List<GroupCount> groups) {
    public ConcurrencyPoint {
        groups = List.copyOf(groups);
    }

    public ConcurrencyPoint(long instantMs, long viewers, List<GroupCount> groups) {
        this(instantMs, viewers, 0, groups);
    }

    public record GroupCount(String value, long viewers, long startingUpViewers) {
        public GroupCount(String value, long viewers) {
            this(value, viewers, 0);
        }
    }
}
