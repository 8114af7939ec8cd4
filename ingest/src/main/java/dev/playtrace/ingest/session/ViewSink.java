package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;

import java.util.List;

/** Receives what one {@link Sessionizer} flush produced; the server adapts it to storage. */
@FunctionalInterface
public interface ViewSink {
    /**
     * Called from the flushing thread, never concurrently, and must store all three together (one transaction), so
     * that a crash leaves either all of a flush or none of it. When it throws, the same batch is offered again first
     * at the next flush.
     *
     * @param changedViews views recomputed since the last flush, each with a version higher than any before it
     * @param newEvents events accepted since the last flush (duplicates removed), for the event log
     * @param storedThroughPosition the bus position through which every accepted event is in this write or an earlier
     *        one: a restart replays the bus from after it
     */
    void write(List<View> changedViews, List<PlayerEvent> newEvents, long storedThroughPosition);
}
