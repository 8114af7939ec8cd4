package dev.playtrace.simulator;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Merges the beacons of many views into one stream in send order ({@code sendAtServerMs}, then view order, then
 * the view's own order). Views must come in {@code viewStartMs} order; only views that may still send are held,
 * and beacons are rendered when taken, so memory stays bounded by the number of concurrent views.
 */
public final class BeaconMerger implements Iterator<Beacon> {
    private final Iterator<SimulatedView> views;
    private final Consumer<TruthView> truthSink;
    private final PriorityQueue<Cursor> pending = new PriorityQueue<>();
    private SimulatedView nextView;
    private long viewOrdinal;
    private long lastViewStartMs = Long.MIN_VALUE;

    private static final class Cursor implements Comparable<Cursor> {
        final SimulatedView view;
        final long ordinal;
        int next;
        long sendAtMs;

        Cursor(SimulatedView view, long ordinal) {
            this.view = view;
            this.ordinal = ordinal;
            this.sendAtMs = view.delivery(0).sendAtMs();
        }

        long sendAtMs() {
            return sendAtMs;
        }

        @Override
        public int compareTo(Cursor other) {
            int bySend = Long.compare(sendAtMs, other.sendAtMs);
            return bySend != 0 ? bySend : Long.compare(ordinal, other.ordinal);
        }
    }

    /**
     * @param viewsInStartOrder views sorted by {@link SimulatedView#viewStartMs()}
     * @param truthSink receives each view's truth when the view is first taken in (may be null)
     */
    public BeaconMerger(Iterator<SimulatedView> viewsInStartOrder, Consumer<TruthView> truthSink) {
        this.views = requireNonNull(viewsInStartOrder, "viewsInStartOrder is null");
        this.truthSink = truthSink == null ? truth -> { } : truthSink;
    }

    @Override
    public boolean hasNext() {
        admit();
        return !pending.isEmpty();
    }

    @Override
    public Beacon next() {
        admit();
        Cursor cursor = pending.poll();
        if (cursor == null) {
            throw new NoSuchElementException();
        }
        Beacon beacon = cursor.view.beacon(cursor.next);
        cursor.next++;
        if (cursor.next < cursor.view.beaconCount()) {
            cursor.sendAtMs = cursor.view.delivery(cursor.next).sendAtMs();
            pending.add(cursor);
        }
        return beacon;
    }

    /** Send time of the next beacon, or {@code Long.MAX_VALUE} when the stream is exhausted. */
    public long peekSendAtMs() {
        admit();
        Cursor cursor = pending.peek();
        return cursor == null ? Long.MAX_VALUE : cursor.sendAtMs();
    }

    /** Views taken in so far (their truth has gone to the sink). */
    public long viewsAdmitted() {
        return viewOrdinal;
    }

    /** Takes in every view that could send before (or with) the earliest pending beacon. */
    private void admit() {
        while (true) {
            if (nextView == null) {
                if (!views.hasNext()) {
                    return;
                }
                nextView = views.next();
                if (nextView.viewStartMs() < lastViewStartMs) {
                    throw new IllegalStateException("views are not in start order: " + nextView.viewId());
                }
                lastViewStartMs = nextView.viewStartMs();
            }
            Cursor head = pending.peek();
            // every beacon of a view is sent at or after its start
            if (head != null && nextView.viewStartMs() > head.sendAtMs()) {
                return;
            }
            truthSink.accept(nextView.truth());
            pending.add(new Cursor(nextView, viewOrdinal++));
            nextView = null;
        }
    }
}
