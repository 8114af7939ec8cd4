package dev.playtrace.ingest.session;

import dev.playtrace.model.ViewKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Asks the store which of the views a {@link Sessionizer} took for new are stored already: a view first seen here with
 * its first event (sequence number 1) is new unless its later beacons overtook the first one and were stored, and the
 * view closed and left memory, before the first one came (a mobile SDK retrying a failed beacon much later).
 *
 * <p>The store is asked once per flush and start window, not once per view, and only about views started around the
 * candidates' times, so it reads a few recent row groups instead of every stored view. The window of a candidate is
 * {@code [start - LOOK_BEFORE_START_MS, last event + LOOK_AFTER_LAST_EVENT_MS]}, both times placed by the events in
 * memory with one offset per view (metrics.md §1). The stored start of the same view is
 * {@code first stored event's device time + stored offset}; the device time is never before the in-memory first
 * event's (sequence order), and each offset is the device clock's skew plus that beacon's network delay, so the
 * stored start can be earlier than the in-memory start only by the in-memory beacons' network delay (a retry that
 * keeps its first attempt's send time counts its wait as delay), and later than the last in-memory event only by the
 * device time to the first stored event plus the stored beacons' delay. A stored view outside its window is not found
 * and the view is taken for new (documented in docs/scale-out.md).
 */
final class StoredViewCheck {
    /** The in-memory beacons' network delay (retries included) that the window covers. */
    static final long LOOK_BEFORE_START_MS = 10 * 60_000;
    /** The device time from the last in-memory event to the first stored one (a pause, say) that the window covers. */
    static final long LOOK_AFTER_LAST_EVENT_MS = 60 * 60_000;
    /** Store reads per flush at most: farther windows are merged (views far in the past, e.g. a backfill). */
    static final int MAX_WINDOWS = 8;

    /** A view taken for new, placed in server time by its events in memory. */
    record Candidate(ViewKey key, long startMs, long lastEventAtMs) {
        long lookFromMs() {
            return startMs - LOOK_BEFORE_START_MS;
        }

        long lookToMs() {
            return lastEventAtMs + LOOK_AFTER_LAST_EVENT_MS;
        }
    }

    /** One store read: the views whose windows fall in {@code [startFromMs, startToMs]}. */
    record Window(long startFromMs, long startToMs, List<ViewKey> views) {
    }

    private StoredViewCheck() {
    }

    /** The candidates that have a stored view, from at most {@link #MAX_WINDOWS} calls to {@code source}. */
    static Set<ViewKey> storedAmong(EventSource source, List<Candidate> candidates) {
        Set<ViewKey> stored = new HashSet<>();
        for (Window window : windows(candidates)) {
            stored.addAll(source.storedViews(window.views(), window.startFromMs(), window.startToMs()));
        }
        return stored;
    }

    /** The candidates' windows, overlapping ones merged, then the closest merged until at most MAX_WINDOWS remain. */
    static List<Window> windows(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingLong(Candidate::lookFromMs));
        List<Window> merged = new ArrayList<>();
        for (Candidate candidate : sorted) {
            Window last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && candidate.lookFromMs() <= last.startToMs()) {
                last.views().add(candidate.key());
                merged.set(merged.size() - 1, new Window(last.startFromMs(),
                        Math.max(last.startToMs(), candidate.lookToMs()), last.views()));
            } else {
                merged.add(new Window(candidate.lookFromMs(), candidate.lookToMs(),
                        new ArrayList<>(List.of(candidate.key()))));
            }
        }
        return merged.size() <= MAX_WINDOWS ? merged : joinClosest(merged);
    }

    /** Keeps the MAX_WINDOWS - 1 widest gaps between the (sorted, disjoint) windows and joins across the others. */
    private static List<Window> joinClosest(List<Window> windows) {
        List<Integer> gapsWidestFirst = new ArrayList<>();
        for (int i = 1; i < windows.size(); i++) {
            gapsWidestFirst.add(i);
        }
        gapsWidestFirst.sort(Comparator.comparingLong(
                (Integer i) -> windows.get(i).startFromMs() - windows.get(i - 1).startToMs()).reversed());
        Set<Integer> kept = new HashSet<>(gapsWidestFirst.subList(0, MAX_WINDOWS - 1));
        List<Window> joined = new ArrayList<>();
        Window current = windows.getFirst();
        for (int i = 1; i < windows.size(); i++) {
            Window next = windows.get(i);
            if (kept.contains(i)) {
                joined.add(current);
                current = next;
            } else {
                List<ViewKey> views = new ArrayList<>(current.views());
                views.addAll(next.views());
                current = new Window(current.startFromMs(), next.startToMs(), views);
            }
        }
        joined.add(current);
        return joined;
    }
}
