package dev.playtrace.ingest.session;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A view's merged beacon fields, held for as long as the view is live: keys sorted in one array, values in another,
 * short text values interned. A live view keeps only this and its timeline's counters once its events are written, so
 * this map is most of what 100,000 concurrent views cost: about a quarter of a {@code HashMap}'s bytes here.
 * Not thread-safe; no null keys or values.
 */
final class CompactFields extends AbstractMap<String, Object> {
    /** Longer text (error messages, URLs) is rarely shared between views: not worth the intern table. */
    private static final int MAX_INTERNED_LENGTH = 64;
    private static final String[] NO_KEYS = new String[0];
    private static final Object[] NO_VALUES = new Object[0];

    private String[] keys = NO_KEYS;
    private Object[] values = NO_VALUES;

    @Override
    public Object get(Object key) {
        int index = key instanceof String name ? Arrays.binarySearch(keys, name) : -1;
        return index >= 0 ? values[index] : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && Arrays.binarySearch(keys, name) >= 0;
    }

    @Override
    public Object put(String key, Object value) {
        int index = Arrays.binarySearch(keys, key);
        if (index >= 0) {
            Object previous = values[index];
            if (!previous.equals(value)) {
                // SDKs repeat unchanged values on many events: only a new value is worth interning
                values[index] = shared(value);
            }
            return previous;
        }
        Object shared = shared(value);
        int insertAt = -index - 1;
        String[] grownKeys = new String[keys.length + 1];
        Object[] grownValues = new Object[values.length + 1];
        System.arraycopy(keys, 0, grownKeys, 0, insertAt);
        System.arraycopy(values, 0, grownValues, 0, insertAt);
        grownKeys[insertAt] = key.intern();
        grownValues[insertAt] = shared;
        System.arraycopy(keys, insertAt, grownKeys, insertAt + 1, keys.length - insertAt);
        System.arraycopy(values, insertAt, grownValues, insertAt + 1, values.length - insertAt);
        keys = grownKeys;
        values = grownValues;
        return null;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
                        next++;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    private static Object shared(Object value) {
        if (value instanceof String text && text.length() <= MAX_INTERNED_LENGTH) {
            // titles, browsers, countries and CDNs repeat across views; interned strings are collected when unused
            return text.intern();
        }
        return value;
    }
}
