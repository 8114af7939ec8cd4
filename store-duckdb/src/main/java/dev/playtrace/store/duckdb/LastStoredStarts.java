package dev.playtrace.store.duckdb;

import dev.playtrace.model.View;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The view start each recently written view was stored with, so that the views upsert can match a stored row on its
 * start even after the start moved (metrics.md §1: a beacon with a smaller clock offset moves it), which lets DuckDB
 * skip the row groups outside the batch's time span ({@link ViewUpserter}).
 *
 * <p>Only a hint: a view it does not know is matched on its own start, and a wrong hint (a view written before the
 * process started, or forgotten) makes the upsert meet the primary key and retry by key only, as it did before this
 * existed. Bounded: the least recently written views are forgotten first.
 */
final class LastStoredStarts {
    /** About 160 bytes per view, so at most about 32 MB. */
    static final int DEFAULT_CAPACITY = 200_000;

    private record Stored(long version, long viewStartMs) {
    }

    private final Map<String, Stored> byView;

    LastStoredStarts(int capacity) {
        this.byView = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The start {@code view}'s stored row has, as far as this process knows; else the view's own start. */
    synchronized long storedStartOf(View view) {
        Stored stored = byView.get(key(view));
        return stored == null ? view.viewStartMs() : stored.viewStartMs();
    }

    /**
     * Records the starts of a committed write. A version lower than a known one lost to it in the store and is
     * skipped; one never seen may have lost to a row this process did not write, which the retry by key corrects.
     */
    synchronized void committed(Collection<View> views) {
        for (View view : views) {
            byView.merge(key(view), new Stored(view.version(), view.viewStartMs()),
                    (known, written) -> written.version() > known.version() ? written : known);
        }
    }

    private static String key(View view) {
        return view.projectId() + '\u0000' + view.viewId();
    }
}
