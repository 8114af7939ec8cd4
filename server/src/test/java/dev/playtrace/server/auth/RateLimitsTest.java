package dev.playtrace.server.auth;

import dev.playtrace.server.support.MutableClock;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTest {
    private final PlaytraceStore store = PlaytraceStores.open("duckdb::memory:");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void bucketOfThreeRefillsOneTokenEveryTwentySeconds() {
        RateLimits limits = new RateLimits(store.rateLimits(), clock);

        assertThat(limits.take("k", 3)).isEqualTo(new RateLimits.Decision(true, 3, 2, 20));
        assertThat(limits.take("k", 3)).isEqualTo(new RateLimits.Decision(true, 3, 1, 40));
        assertThat(limits.take("k", 3)).isEqualTo(new RateLimits.Decision(true, 3, 0, 20));
        assertThat(limits.take("k", 3)).isEqualTo(new RateLimits.Decision(false, 3, 0, 20));
        assertThat(limits.take("other", 3).allowed()).isTrue();

        clock.advance(Duration.ofSeconds(19));
        assertThat(limits.take("k", 3)).isEqualTo(new RateLimits.Decision(false, 3, 0, 1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limits.take("k", 3)).isEqualTo(new RateLimits.Decision(true, 3, 0, 20));
        clock.advance(Duration.ofMinutes(5));
        assertThat(limits.take("k", 3)).isEqualTo(new RateLimits.Decision(true, 3, 2, 20));
    }

    @Test
    void twoNodesOnOneStoreDrainTheSameBucket() {
        RateLimits first = new RateLimits(store.rateLimits(), clock);
        RateLimits second = new RateLimits(store.rateLimits(), clock);

        assertThat(first.take("k", 2).remaining()).isEqualTo(1);
        assertThat(second.take("k", 2).remaining()).isZero();
        assertThat(first.take("k", 2).allowed()).isFalse();
    }
}
