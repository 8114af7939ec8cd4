package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;

import java.util.List;

/** Loads a view's stored events, so the {@link Sessionizer} can recompute a view it no longer holds in memory. */
@FunctionalInterface
public interface EventSource {
    /** Every stored event of the view (any order; the sessionizer sorts and deduplicates), empty when none. */
    List<PlayerEvent> loadEvents(String projectId, String viewId);
}
