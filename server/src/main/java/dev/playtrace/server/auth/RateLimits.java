package dev.playtrace.server.auth;

import dev.playtrace.store.spi.RateLimitBucket;
import dev.playtrace.store.spi.RateLimitRepository;

import java.time.Clock;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Token buckets kept in the store, so every query node counts against the same bucket and a restart forgets nothing:
 * a bucket of {@code limitPerMinute} holds that many requests at once and refills continuously at
 * {@code limitPerMinute} per minute, on the injected clock. Each request is one compare-and-set of the bucket,
 * retried when another request changed it first.
 */
public final class RateLimits {
    private static final double MS_PER_MINUTE = 60_000.0;

    private final RateLimitRepository repository;
    private final Clock clock;

    public RateLimits(RateLimitRepository repository, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * What one request got.
     *
     * @param retryAfterSeconds when refused or the bucket is empty: seconds until the next request is allowed;
     *        otherwise seconds until the bucket is full again (api.video: "until the current window resets")
     */
    public record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds) {
    }

    /** Takes one request from the bucket of {@code key} (created full on first use). */
    public Decision take(String key, int limitPerMinute) {
        requireNonNull(key, "key is null");
        if (limitPerMinute < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1 per minute, was " + limitPerMinute);
        }
        double refillPerMs = limitPerMinute / MS_PER_MINUTE;
        while (true) {
            long nowMs = clock.millis();
            Optional<RateLimitBucket> current = repository.findBucket(key);
            double tokens = current
                    .map(bucket -> Math.min(limitPerMinute,
                            bucket.tokens() + Math.max(0, nowMs - bucket.updatedAtMs()) * refillPerMs))
                    .orElse((double) limitPerMinute);
            boolean allowed = tokens >= 1.0;
            if (allowed) {
                tokens -= 1.0;
            }
            RateLimitBucket next = new RateLimitBucket(key, tokens, nowMs);
            boolean stored = current.isEmpty() ? repository.insertBucket(next) : repository.replaceBucket(current.get(), next);
            if (stored) {
                int remaining = (int) Math.floor(tokens);
                double missing = remaining >= 1 ? limitPerMinute - tokens : 1.0 - tokens;
                long retryAfterSeconds = (long) Math.ceil(missing / refillPerMs / 1000.0);
                return new Decision(allowed, limitPerMinute, remaining, retryAfterSeconds);
            }
        }
    }
}
