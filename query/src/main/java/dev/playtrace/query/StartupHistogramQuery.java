package dev.playtrace.query;

import dev.playtrace.model.TimeRange;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * How the startup times of started views spread over bins, per time bucket of their play request: the selected
 * views are those of {@link Query} (play request in the range, filters), counted once each in the bin holding their
 * {@code startup_time_ms}.
 *
 * @param binEdgesMs ascending positive bin edges: bins are {@code [0, e0), [e0, e1), …, [e_last, ∞)}, so there is one
 *        bin more than edges
 */
public record StartupHistogramQuery(String projectId, TimeRange range, List<Filter> filters, Granularity granularity,
                                    List<Long> binEdgesMs) {
    public StartupHistogramQuery {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(range, "range is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        requireNonNull(granularity, "granularity is null");
        binEdgesMs = List.copyOf(requireNonNull(binEdgesMs, "binEdgesMs is null"));
        long previous = 0;
        for (long edge : binEdgesMs) {
            if (edge <= previous) {
                throw new IllegalArgumentException("bin edges must be positive and ascending: " + binEdgesMs);
            }
            previous = edge;
        }
    }

    public int binCount() {
        return binEdgesMs.size() + 1;
    }
}
