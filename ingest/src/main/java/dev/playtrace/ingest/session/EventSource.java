package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.ViewKey;

import java.util.Collection;
import java.util.List;

/** Loads views' stored events, so the {@link Sessionizer} can recompute views it no longer holds in memory. */
@FunctionalInterface
public interface EventSource {
    /**
     * Every stored event of the given views, in any order (the sessionizer groups, sorts and deduplicates them); one
     * call for many views, so a restart with thousands of open views costs one scan, not one per view.
     */
    List<PlayerEvent> loadEvents(Collection<ViewKey> views);
}
