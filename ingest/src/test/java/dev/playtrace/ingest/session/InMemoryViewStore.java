package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fake store: the sink side keeps the highest version of each view and appends events; the source side reads them. */
final class InMemoryViewStore implements ViewSink, EventSource {
    private final Map<String, View> viewsById = new HashMap<>();
    private final List<PlayerEvent> eventLog = new ArrayList<>();
    private final List<List<View>> writes = new ArrayList<>();
    private int loads;
    private RuntimeException nextWriteFailure;

    @Override
    public void write(List<View> changedViews, List<PlayerEvent> newEvents) {
        if (nextWriteFailure != null) {
            RuntimeException failure = nextWriteFailure;
            nextWriteFailure = null;
            throw failure;
        }
        writes.add(List.copyOf(changedViews));
        eventLog.addAll(newEvents);
        for (View view : changedViews) {
            viewsById.merge(view.viewId(), view, (old, recomputed) -> recomputed.version() > old.version() ? recomputed : old);
        }
    }

    @Override
    public List<PlayerEvent> loadEvents(String projectId, String viewId) {
        loads++;
        return eventLog.stream()
                .filter(event -> event.projectId().equals(projectId) && event.viewId().equals(viewId))
                .toList();
    }

    View view(String viewId) {
        return viewsById.get(viewId);
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

    int loads() {
        return loads;
    }

    void failNextWrite(RuntimeException failure) {
        nextWriteFailure = failure;
    }
}
