package dev.playtrace.store.spi;

import static java.util.Objects.requireNonNull;

/**
 * The state of one token bucket: how many requests it holds at {@code updatedAtMs}. The arithmetic (capacity,
 * refill) belongs to the caller; the store only keeps the state and replaces it atomically.
 */
public record RateLimitBucket(String key, double tokens, long updatedAtMs) {
    public RateLimitBucket {
        requireNonNull(key, "key is null");
        if (Double.isNaN(tokens) || tokens < 0) {
            throw new IllegalArgumentException("tokens must be a number >= 0, was " + tokens);
        }
    }
}
