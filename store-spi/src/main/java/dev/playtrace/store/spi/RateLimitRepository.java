package dev.playtrace.store.spi;

import java.util.Optional;

/**
 * Keeps rate-limit buckets shared by every query node. Updates are compare-and-set: a caller reads a bucket,
 * computes the next state and stores it only if nobody changed the bucket meanwhile, else reads again.
 */
public interface RateLimitRepository {
    Optional<RateLimitBucket> findBucket(String key);

    /** Stores a bucket that does not exist yet; false when one with that key exists (another caller was first). */
    boolean insertBucket(RateLimitBucket bucket);

    /**
     * Replaces the bucket if it is still exactly {@code expected} (same tokens and update time).
     *
     * @return false when the stored bucket changed since {@code expected} was read, or is gone
     */
    boolean replaceBucket(RateLimitBucket expected, RateLimitBucket next);
}
