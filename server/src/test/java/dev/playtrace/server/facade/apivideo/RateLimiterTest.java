package dev.playtrace.server.facade.apivideo;

import dev.playtrace.server.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    @Test
    void bucketOfThreeRefillsOneTokenEveryTwentySeconds() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        RateLimiter limiter = new RateLimiter(3, clock);

        assertThat(limiter.take("k")).isEqualTo(new RateLimiter.Decision(true, 3, 2, 20));
        assertThat(limiter.take("k")).isEqualTo(new RateLimiter.Decision(true, 3, 1, 40));
        assertThat(limiter.take("k")).isEqualTo(new RateLimiter.Decision(true, 3, 0, 20));
        assertThat(limiter.take("k")).isEqualTo(new RateLimiter.Decision(false, 3, 0, 20));
        assertThat(limiter.take("other").allowed()).isTrue();

        clock.advance(Duration.ofSeconds(19));
        assertThat(limiter.take("k")).isEqualTo(new RateLimiter.Decision(false, 3, 0, 1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.take("k")).isEqualTo(new RateLimiter.Decision(true, 3, 0, 20));
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.take("k")).isEqualTo(new RateLimiter.Decision(true, 3, 2, 20));
    }
}
