package dev.playtrace.ingest.session;

import dev.playtrace.model.ViewKey;

/**
 * Remembers, approximately and in fixed memory, which closed views the {@link Sessionizer} forgot early (over its cap),
 * so that a late event of one is not taken for the first event of a new view: a view whose first event here is
 * sequence number 1 is only known to be new if nothing of it is stored. A key is remembered for at least the closed
 * view retention (two generations, the older dropped each retention period); a false positive costs one history
 * load that finds nothing, never a wrong number. Not thread-safe: the {@link Sessionizer} guards it.
 */
final class ForgottenViews {
    /** 2^24 bits (2 MB) per generation: under 1 % false positives with a million views forgotten per generation. */
    private static final int BITS_LOG2 = 24;
    private static final int HASHES = 3;

    private final long generationMs;
    private long[] current;
    private long[] previous;
    private long currentGeneration = Long.MIN_VALUE;

    ForgottenViews(long generationMs) {
        this.generationMs = Math.max(1, generationMs);
    }

    void add(ViewKey key, long nowMs) {
        rotate(nowMs);
        if (current == null) {
            current = new long[1 << (BITS_LOG2 - 6)];
        }
        long hash = hash(key);
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(hash, i);
            current[bit >>> 6] |= 1L << bit;
        }
    }

    boolean mightContain(ViewKey key) {
        long hash = hash(key);
        return contains(current, hash) || contains(previous, hash);
    }

    /** A key added in one generation is kept through the next, so for at least one generation (a retention period). */
    void rotate(long nowMs) {
        long generation = Math.floorDiv(nowMs, generationMs);
        if (generation == currentGeneration) {
            return;
        }
        previous = generation == currentGeneration + 1 ? current : null;
        current = null;
        currentGeneration = generation;
    }

    private static boolean contains(long[] bits, long hash) {
        if (bits == null) {
            return false;
        }
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(hash, i);
            if ((bits[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int bit(long hash, int index) {
        int first = (int) hash;
        int second = (int) (hash >>> 32) | 1;
        return (first + index * second) >>> (32 - BITS_LOG2);
    }

    private static long hash(ViewKey key) {
        long hash = key.viewId().hashCode() * 0x9E3779B97F4A7C15L + key.projectId().hashCode();
        hash = (hash ^ (hash >>> 33)) * 0xFF51AFD7ED558CCDL;
        hash = (hash ^ (hash >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return hash ^ (hash >>> 33);
    }
}
