package dev.playtrace.query;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Views active at evenly spaced instants ({@code first + k × step}, k = 0 … count − 1), filtered, optionally per value
 * of a dimension: the real-time series of the monitoring APIs. A view is active at t when
 * {@code first_frame_at <= t < end}, an open view until now and at now itself.
 *
 * @param groupBy null for one count per instant
 * @param groupsPerInstant at most this many groups per instant, largest first
 * @param startingUp also count, per instant and group, the views starting up: play requested, no first frame yet
 *        ({@code play_requested_at <= t < first_frame_at}, or until the view's end when it never started; an open
 *        view until now). One statement more.
 * @param recentMetric null, or a catalogue metric to compute at each instant t (per group when grouped) over the views
 *        whose play request falls in the window {@code [t − recentWindow, t)}: one more query. A series of
 *        several instants takes a window equal to its step (the windows tile the series) and no grouping.
 * @param recentWindow the window of {@code recentMetric}; null without one
 */
public record ConcurrencyQuery(
        String projectId,
        long firstInstantMs,
        long stepMs,
        int instantCount,
        List<Filter> filters,
        Dimension groupBy,
        int groupsPerInstant,
        boolean startingUp,
        MetricRequest recentMetric,
        Granularity recentWindow) {

    /** More instants than a week of minutes is no real-time question; refused before any work is done. */
    public static final int MAX_INSTANTS = 10_080;

    public ConcurrencyQuery {
        requireNonNull(projectId, "projectId is null");
        filters = List.copyOf(requireNonNull(filters, "filters is null"));
        if (stepMs <= 0) {
            throw new IllegalArgumentException("stepMs must be positive, was " + stepMs);
        }
        if (instantCount < 0 || instantCount > MAX_INSTANTS) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "the time range holds " + instantCount
                    + " points of " + stepMs + " ms; at most " + MAX_INSTANTS + " are allowed");
        }
        if (groupsPerInstant < 0) {
            throw new IllegalArgumentException("groupsPerInstant must not be negative, was " + groupsPerInstant);
        }
        if ((recentMetric == null) != (recentWindow == null)) {
            throw new IllegalArgumentException("a recent metric needs its window, and only it");
        }
        if (recentMetric != null && instantCount > 1 && (groupBy != null || recentWindow.widthMs() != stepMs)) {
            throw new IllegalArgumentException("a recent metric over several instants needs no grouping and a window"
                    + " equal to the step");
        }
    }

    public ConcurrencyQuery(String projectId, long firstInstantMs, long stepMs, int instantCount, List<Filter> filters,
                            Dimension groupBy, int groupsPerInstant) {
        this(projectId, firstInstantMs, stepMs, instantCount, filters, groupBy, groupsPerInstant, false, null, null);
    }

    /** The instants {@code from, from + step, …} up to and including {@code through}. */
    public static ConcurrencyQuery between(String projectId, long fromMs, long throughMs, long stepMs,
                                           List<Filter> filters) {
        long count = throughMs < fromMs ? 0 : (throughMs - fromMs) / stepMs + 1;
        if (count > MAX_INSTANTS) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "the time range holds " + count + " points of "
                    + stepMs + " ms; at most " + MAX_INSTANTS + " are allowed");
        }
        return new ConcurrencyQuery(projectId, fromMs, stepMs, (int) count, filters, null, 0);
    }

    public static ConcurrencyQuery at(String projectId, long instantMs, List<Filter> filters) {
        return new ConcurrencyQuery(projectId, instantMs, 1, 1, filters, null, 0);
    }

    public ConcurrencyQuery groupedBy(Dimension dimension, int limitPerInstant) {
        return new ConcurrencyQuery(projectId, firstInstantMs, stepMs, instantCount, filters, dimension, limitPerInstant,
                startingUp, recentMetric, recentWindow);
    }

    /** The same instants, also counting the views starting up at each (see {@code startingUp}). */
    public ConcurrencyQuery withStartingUp() {
        return new ConcurrencyQuery(projectId, firstInstantMs, stepMs, instantCount, filters, groupBy, groupsPerInstant,
                true, recentMetric, recentWindow);
    }

    /** The same instants, each with the metric over the views whose play request fell in the window before it. */
    public ConcurrencyQuery withRecentMetric(MetricRequest metric, Granularity window) {
        return new ConcurrencyQuery(projectId, firstInstantMs, stepMs, instantCount, filters, groupBy, groupsPerInstant,
                startingUp, requireNonNull(metric, "metric is null"), requireNonNull(window, "window is null"));
    }

    public long instantMs(int index) {
        return firstInstantMs + index * stepMs;
    }
}
