package dev.playtrace.query.sql;

import dev.playtrace.query.Filter;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A window {@code [fromMs, toMs)} over which concurrency is computed from each filtered view's active interval
 * {@code [first_frame_at, end)}, where {@code end} is the view end for closed views and {@code nowMs} for open ones.
 */
public record ActiveWindow(String projectId, long fromMs, long toMs, long nowMs, List<Filter> filters) {
    public ActiveWindow {
        requireNonNull(projectId, "projectId is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        if (toMs < fromMs) {
            throw new IllegalArgumentException("window ends before it starts: " + fromMs + " > " + toMs);
        }
    }

    /** The one-millisecond window whose average is the number of views active at the instant. */
    public static ActiveWindow at(String projectId, long instantMs, long nowMs, List<Filter> filters) {
        return new ActiveWindow(projectId, instantMs, instantMs + 1, nowMs, filters);
    }

    public long lengthMs() {
        return toMs - fromMs;
    }
}
