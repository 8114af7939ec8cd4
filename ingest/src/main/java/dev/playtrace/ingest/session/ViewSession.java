package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sessionizer's in-memory state of one view: its events in sequence order, what has been fed to its timeline,
 * and whether it is dirty, timed out or closed. Not thread-safe: the {@link Sessionizer} guards it.
 */
final class ViewSession {
    /** The sequence number SDKs give a view's first event (mux-embed starts at 1; 0 is accepted too). */
    static final long FIRST_SEQUENCE_NUMBER = 1;

    /** Whether the events in memory are all there is, or earlier ones may only be in the {@link EventSource}. */
    enum History {
        /** Memory holds every event of the view. */
        COMPLETE,
        /** The view was not in memory when its first event arrived: brand new, or evicted / from before a restart. */
        UNKNOWN,
        /** Earlier events were released from memory (closed view) or never loaded (restored after a restart). */
        IN_STORE
    }

    /**
     * How far past the first released sequence number released ones are remembered (a retry of one beyond that reloads
     * the view): counted from the view's own first number, so SDKs that do not start at 0 or 1 cost no more bits.
     */
    private static final long REMEMBERED_SEQUENCE_SPAN = 1 << 16;

    private final ViewKey key;
    private List<PlayerEvent> events = new ArrayList<>();
    /** Sequence numbers of events let go from memory, so their retries are dropped without reloading the view. */
    private final BitSet releasedSequences = new BitSet();
    private long releasedSequenceBase = Long.MIN_VALUE;
    private final List<PlayerEvent> unflushed = new ArrayList<>();
    private History history;
    private ViewTimeline timeline;
    private long fedThroughSequence = Long.MIN_VALUE;
    private boolean needsRebuild;
    private boolean timedOut;
    private boolean closed;
    private boolean dirty;
    private long lastReceivedAtMs = Long.MIN_VALUE;
    private long retainUntilMs;

    private ViewSession(ViewKey key, History history) {
        this.key = key;
        this.history = history;
    }

    static ViewSession firstSeen(ViewKey key) {
        return new ViewSession(key, History.UNKNOWN);
    }

    /**
     * An open view not held in memory (released over the cap, or open when the process stopped); its events are
     * loaded when it next has to be recomputed.
     */
    static ViewSession released(ViewKey key, long lastReceivedAtMs) {
        ViewSession session = new ViewSession(key, History.IN_STORE);
        session.lastReceivedAtMs = lastReceivedAtMs;
        return session;
    }

    ViewKey key() {
        return key;
    }

    boolean isFor(PlayerEvent event) {
        return key.viewId().equals(event.viewId()) && key.projectId().equals(event.projectId());
    }

    /** Adds a new event; false when it repeats a sequence number already held (a duplicate). Reopens a timed-out view. */
    boolean accept(PlayerEvent event) {
        long sequenceNumber = event.sequenceNumber();
        if (sequenceNumber == fedThroughSequence) {
            return false;
        }
        int index = indexOf(sequenceNumber);
        if (index >= 0 || wasReleased(sequenceNumber)) {
            return false;
        }
        events.add(-index - 1, event);
        unflushed.add(event);
        if (sequenceNumber < fedThroughSequence) {
            needsRebuild = true;
        }
        timedOut = false;
        lastReceivedAtMs = Math.max(lastReceivedAtMs, event.receivedAtMs());
        return true;
    }

    /** True when the view cannot be recomputed before its earlier events are loaded from the {@link EventSource}. */
    boolean needsHistory() {
        return switch (history) {
            case COMPLETE -> false;
            // a view whose first event is here is new: no need to ask the store about it
            case UNKNOWN -> events.isEmpty() || events.getFirst().sequenceNumber() > FIRST_SEQUENCE_NUMBER;
            case IN_STORE -> timeline == null || needsRebuild;
        };
    }

    /**
     * True for a view first seen here with its first event and not recomputed yet: it is new unless the store holds
     * later events of it that overtook the first ({@link StoredViewCheck}).
     */
    boolean isTakenForNew() {
        return history == History.UNKNOWN && !needsHistory();
    }

    /** The store may hold earlier or later events of this view: they are loaded before it is recomputed. */
    void mayBeStored() {
        if (history == History.UNKNOWN) {
            history = History.IN_STORE;
        }
    }

    /** Where the events in memory place the view: its start and last event time by one offset (metrics.md §1). */
    StoredViewCheck.Candidate asStoredViewCandidate() {
        long offsetMs = Long.MAX_VALUE;
        long lastViewerTimeMs = Long.MIN_VALUE;
        for (PlayerEvent event : events) {
            offsetMs = Math.min(offsetMs, event.eventTimeMs() - event.viewerTimeMs());
            lastViewerTimeMs = Math.max(lastViewerTimeMs, event.viewerTimeMs());
        }
        return new StoredViewCheck.Candidate(key, events.getFirst().viewerTimeMs() + offsetMs,
                lastViewerTimeMs + offsetMs);
    }

    /**
     * Merges the stored events with those in memory; a stored event wins over a new one with the same sequence
     * number (the new one was a retry).
     *
     * @return how many new events turned out to be duplicates of stored ones
     */
    int mergeHistory(List<PlayerEvent> stored) {
        Map<Long, PlayerEvent> bySequence = new TreeMap<>();
        for (PlayerEvent event : stored) {
            bySequence.putIfAbsent(event.sequenceNumber(), event);
        }
        int duplicates = 0;
        for (PlayerEvent event : events) {
            if (bySequence.putIfAbsent(event.sequenceNumber(), event) != null && removeUnflushed(event)) {
                duplicates++;
            }
        }
        events = new ArrayList<>(bySequence.values());
        // as if every event had been accepted here: a repeated one does not hold the view open longer
        lastReceivedAtMs = Long.MIN_VALUE;
        for (PlayerEvent event : events) {
            lastReceivedAtMs = Math.max(lastReceivedAtMs, event.receivedAtMs());
        }
        history = History.COMPLETE;
        needsRebuild = true;
        return duplicates;
    }

    /**
     * Feeds what the timeline has not seen yet (or rebuilds it after an out-of-order event) and computes the view.
     *
     * @return the view, or null when the view has no event at all (a restored view with nothing stored)
     */
    View recompute(long version) {
        if (needsHistory()) {
            throw new IllegalStateException("view " + key + " needs its stored events first");
        }
        if (history == History.UNKNOWN) {
            history = History.COMPLETE;
        }
        if (timeline == null || needsRebuild) {
            timeline = new ViewTimeline();
            events.forEach(timeline::add);
            needsRebuild = false;
        } else {
            int index = indexOf(fedThroughSequence + 1);
            for (int i = index >= 0 ? index : -index - 1; i < events.size(); i++) {
                timeline.add(events.get(i));
            }
        }
        if (timeline.eventCount() == 0) {
            return null;
        }
        fedThroughSequence = timeline.lastSequenceNumber();
        View view = ViewCalculator.calculate(key.projectId(), key.viewId(), timeline,
                timedOut ? ViewClosure.TIMED_OUT : ViewClosure.OPEN, version);
        closed = view.closed();
        return view;
    }

    /**
     * True when a view reloaded from the store got only events it already had (retries) and is not timing out: the
     * stored view is unchanged, so there is nothing to recompute or write.
     */
    boolean reloadChangedNothing() {
        return timeline == null && history == History.COMPLETE && unflushed.isEmpty() && !timedOut;
    }

    void drainUnflushedTo(List<PlayerEvent> target) {
        unflushed.sort(Comparator.comparingLong(PlayerEvent::sequenceNumber));
        target.addAll(unflushed);
        unflushed.clear();
    }

    /**
     * Lets the events of a view that is still open go once they are handed to the sink: its timeline goes on from
     * them incrementally, and only an out-of-order or repeated event has the view reloaded from the event log.
     * This is what keeps a live view at a few hundred bytes instead of all its events.
     */
    void releaseFlushedEvents() {
        if (unflushed.isEmpty() && timeline != null && !needsRebuild) {
            rememberReleased();
            events = new ArrayList<>(2);
            history = History.IN_STORE;
        }
    }

    private void rememberReleased() {
        if (events.isEmpty()) {
            return;
        }
        if (releasedSequenceBase == Long.MIN_VALUE) {
            releasedSequenceBase = events.getFirst().sequenceNumber();
        }
        for (PlayerEvent event : events) {
            long offset = event.sequenceNumber() - releasedSequenceBase;
            if (offset >= 0 && offset < REMEMBERED_SEQUENCE_SPAN) {
                releasedSequences.set((int) offset);
            }
        }
    }

    private boolean wasReleased(long sequenceNumber) {
        if (releasedSequenceBase == Long.MIN_VALUE) {
            return false;
        }
        long offset = sequenceNumber - releasedSequenceBase;
        return offset >= 0 && offset < REMEMBERED_SEQUENCE_SPAN && releasedSequences.get((int) offset);
    }

    /** Keeps a closed view's timeline for late events but lets its (already written) events go. */
    void releaseEvents(long retainUntilMs) {
        this.retainUntilMs = retainUntilMs;
        if (unflushed.isEmpty()) {
            rememberReleased();
            events = new ArrayList<>();
            history = History.IN_STORE;
        }
    }

    void timeOut() {
        timedOut = true;
    }

    boolean isTimedOut() {
        return timedOut;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isDirty() {
        return dirty;
    }

    void setDirty(boolean dirty) {
        this.dirty = dirty;
    }

    long lastReceivedAtMs() {
        return lastReceivedAtMs;
    }

    long retainUntilMs() {
        return retainUntilMs;
    }

    /** The index of the event with this sequence number, or {@code -(insertion point) - 1}. */
    private int indexOf(long sequenceNumber) {
        int size = events.size();
        if (size == 0 || events.get(size - 1).sequenceNumber() < sequenceNumber) {
            return -size - 1;
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long middleSequence = events.get(middle).sequenceNumber();
            if (middleSequence < sequenceNumber) {
                low = middle + 1;
            } else if (middleSequence > sequenceNumber) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -low - 1;
    }

    private boolean removeUnflushed(PlayerEvent event) {
        for (int i = 0; i < unflushed.size(); i++) {
            if (unflushed.get(i) == event) {
                unflushed.remove(i);
                return true;
            }
        }
        return false;
    }
}
