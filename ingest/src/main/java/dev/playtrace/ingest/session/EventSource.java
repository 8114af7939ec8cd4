package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.ViewKey;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * What the store holds of views, so the {@link Sessionizer} can recompute views it no longer holds in memory and tell
 * a new view from a stored one whose first beacon came late.
 */
public interface EventSource {
    /** A source with nothing stored (benchmarks and tools that sessionize without a store). */
    EventSource NONE = of(views -> List.of(), (views, startFromMs, startToMs) -> Set.of());

    /**
     * Every stored event of the given views, in any order (the sessionizer groups, sorts and deduplicates them); one
     * call for many views, so a restart with thousands of open views costs one scan, not one per view.
     */
    List<PlayerEvent> loadEvents(Collection<ViewKey> views);

    /**
     * Which of the given views have a stored view row starting in {@code [startFromMs, startToMs]}: one call for many
     * views, and the window lets the store read only the views started around that time.
     */
    Set<ViewKey> storedViews(Collection<ViewKey> views, long startFromMs, long startToMs);

    /** The store's answer to {@link #storedViews}, as a method reference to the store's own method. */
    @FunctionalInterface
    interface StoredViewLookup {
        Set<ViewKey> storedViews(Collection<ViewKey> views, long startFromMs, long startToMs);
    }

    /** A source from a store's two reads, e.g. {@code EventSource.of(views::loadEvents, views::storedViews)}. */
    static EventSource of(Function<Collection<ViewKey>, List<PlayerEvent>> eventLoader, StoredViewLookup viewLookup) {
        requireNonNull(eventLoader, "eventLoader is null");
        requireNonNull(viewLookup, "viewLookup is null");
        return new EventSource() {
            @Override
            public List<PlayerEvent> loadEvents(Collection<ViewKey> views) {
                return eventLoader.apply(views);
            }

            @Override
            public Set<ViewKey> storedViews(Collection<ViewKey> views, long startFromMs, long startToMs) {
                return viewLookup.storedViews(views, startFromMs, startToMs);
            }
        };
    }
}
