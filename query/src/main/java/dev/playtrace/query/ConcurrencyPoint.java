package dev.playtrace.query;

import java.util.List;

/**
 * Views active at one instant; per group when the {@link ConcurrencyQuery} grouped them (largest first, then by
 * value; groups with no active view left out).
 */
public record ConcurrencyPoint(long instantMs, long viewers, List<GroupCount> groups) {
    public ConcurrencyPoint {
        groups = List.copyOf(groups);
    }

    public record GroupCount(String value, long viewers) {
    }
}
