package dev.playtrace.server.facade.apivideo;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * A token bucket per API key: {@code limitPerMinute} requests at once, refilled continuously at
 * {@code limitPerMinute} per minute, on an injected clock.
 */
final class RateLimiter {
    private static final double MS_PER_MINUTE = 60_000.0;

    private final int limitPerMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int limitPerMinute, Clock clock) {
        if (limitPerMinute < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1 per minute, was " + limitPerMinute);
        }
        this.limitPerMinute = limitPerMinute;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * What one request got.
     *
     * @param retryAfterSeconds when refused or the bucket is empty: seconds until the next request is allowed;
     *        otherwise seconds until the bucket is full again (api.video: "until the current window resets")
     */
    record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds) {
    }

    Decision take(String keyId) {
        Bucket bucket = buckets.computeIfAbsent(keyId, id -> new Bucket(limitPerMinute, clock.millis()));
        synchronized (bucket) {
            long nowMs = clock.millis();
            double refillPerMs = limitPerMinute / MS_PER_MINUTE;
            bucket.tokens = Math.min(limitPerMinute, bucket.tokens + Math.max(0, nowMs - bucket.updatedAtMs) * refillPerMs);
            bucket.updatedAtMs = nowMs;
            boolean allowed = bucket.tokens >= 1.0;
            if (allowed) {
                bucket.tokens -= 1.0;
            }
            int remaining = (int) Math.floor(bucket.tokens);
            double missing = remaining >= 1 ? limitPerMinute - bucket.tokens : 1.0 - bucket.tokens;
            long retryAfterSeconds = (long) Math.ceil(missing / refillPerMs / 1000.0);
            return new Decision(allowed, limitPerMinute, remaining, retryAfterSeconds);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAtMs;

        private Bucket(double tokens, long updatedAtMs) {
            this.tokens = tokens;
            this.updatedAtMs = updatedAtMs;
        }
    }
}
