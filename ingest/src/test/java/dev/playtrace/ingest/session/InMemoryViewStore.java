package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import dev.playtrace.model.ViewKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fake store: the sink side keeps the highest version of each view and appends events; the source side reads them
 * (a failure set with {@link #failNextLoad} fails the next read of either kind).
 */
final class InMemoryViewStore implements ViewSink, EventSource {
    private final Map<String, View> viewsById = new HashMap<>();
    private final List<PlayerEvent> eventLog = new ArrayList<>();
    private final List<List<View>> writes = new ArrayList<>();
    private int loads;
    private int viewLookups;
    private final List<long[]> viewLookupWindows = new ArrayList<>();
    private long storedThroughPosition;
    private RuntimeException nextWriteFailure;
    private RuntimeException nextLoadFailure;

    @Override
    public void write(List<View> changedViews, List<PlayerEvent> newEvents, long storedThroughPosition) {
        if (nextWriteFailure != null) {
            RuntimeException failure = nextWriteFailure;
            nextWriteFailure = null;
            throw failure;
        }
        writes.add(List.copyOf(changedViews));
        eventLog.addAll(newEvents);
        this.storedThroughPosition = storedThroughPosition;
        for (View view : changedViews) {
            viewsById.merge(view.viewId(), view, (old, recomputed) -> recomputed.version() > old.version() ? recomputed : old);
        }
    }

    @Override
    public List<PlayerEvent> loadEvents(Collection<ViewKey> views) {
        loads++;
        if (nextLoadFailure != null) {
            RuntimeException failure = nextLoadFailure;
            nextLoadFailure = null;
            throw failure;
        }
        return eventLog.stream().filter(event -> views.contains(ViewKey.of(event))).toList();
    }

    @Override
    public Set<ViewKey> storedViews(Collection<ViewKey> views, long startFromMs, long startToMs) {
        viewLookups++;
        viewLookupWindows.add(new long[] {startFromMs, startToMs});
        if (nextLoadFailure != null) {
            RuntimeException failure = nextLoadFailure;
            nextLoadFailure = null;
            throw failure;
        }
        Set<ViewKey> stored = new HashSet<>();
        for (ViewKey key : views) {
            View view = viewsById.get(key.viewId());
            if (view != null && view.projectId().equals(key.projectId()) && view.viewStartMs() >= startFromMs
                    && view.viewStartMs() <= startToMs) {
                stored.add(key);
            }
        }
        return stored;
    }

    long storedThroughPosition() {
        return storedThroughPosition;
    }

    View view(String viewId) {
        return viewsById.get(viewId);
    }

    /** The latest version of every view, by view id. */
    Map<String, View> views() {
        return viewsById;
    }

    List<PlayerEvent> eventLog() {
        return eventLog;
    }

    /** The views of each write, in order. */
    List<List<View>> writes() {
        return writes;
    }

    List<View> lastWrite() {
        return writes.getLast();
    }

    /** How many times the views taken for new were looked up (each call for any number of views). */
    int viewLookups() {
        return viewLookups;
    }

    /** The start window of each lookup, {from, to}. */
    List<long[]> viewLookupWindows() {
        return viewLookupWindows;
    }

    /** How many times histories were loaded (each call loads any number of views). */
    int loads() {
        return loads;
    }

    void failNextLoad(RuntimeException failure) {
        nextLoadFailure = failure;
    }

    void failNextWrite(RuntimeException failure) {
        nextWriteFailure = failure;
    }
}
