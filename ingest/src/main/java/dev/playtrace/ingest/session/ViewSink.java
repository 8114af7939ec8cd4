package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;

import java.util.List;

/** Receives what one {@link Sessionizer} flush produced; the server adapts it to storage. */
@FunctionalInterface
public interface ViewSink {
    /**
     * Called from the flushing thread, never concurrently. When it throws, the same batch is offered again first at
     * the next flush, so writes must tolerate a repeat (views are upserts by version; the event log should ignore a
     * repeated (project, view, sequence number)).
     *
     * @param changedViews views recomputed since the last flush, each with a version higher than any before it
     * @param newEvents events accepted since the last flush (duplicates removed), for the event log
     */
    void write(List<View> changedViews, List<PlayerEvent> newEvents);
}
