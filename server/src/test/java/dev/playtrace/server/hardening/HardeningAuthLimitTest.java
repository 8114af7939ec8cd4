package dev.playtrace.server.hardening;

import dev.playtrace.server.http.AuthenticationThrottle;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 19 item 5: failed authentications are limited per credential id and per client address, answered 429. */
class HardeningAuthLimitTest {
    private static final String ROUTE = "/data/v1/metrics";

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private RunningServer start() {
        return RunningServer.start(RunningServer.config(dataDir)
                .withAuthenticationLimits(AuthenticationThrottle.Limits.DEFAULTS), clock);
    }

    @Test
    void tenWrongSecretsForOneTokenIdBlockThatIdEvenWithTheRightSecretUntilTheMinuteEnds() {
        try (RunningServer server = start()) {
            for (int i = 0; i < 10; i++) {
                assertThat(server.get(ROUTE, RunningServer.TOKEN_ID, "guess-" + i).status()).isEqualTo(401);
            }
            RunningServer.Response blocked = server.get(ROUTE, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET);
            assertThat(blocked.status()).isEqualTo(429);
            assertThat(blocked.header("Retry-After")).isNotNull();
            assertThat(blocked.json().path("error").path("messages").toString()).contains("too many failed authentications");
            clock.advance(Duration.ofSeconds(61));
            assertThat(server.get(ROUTE, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET).status()).isEqualTo(200);
        }
    }

    @Test
    void twentyFailuresFromOneAddressBlockThatAddressForEveryId() {
        try (RunningServer server = start()) {
            for (int i = 0; i < 20; i++) {
                assertThat(server.get(ROUTE, "unknown-id-" + i, "guess").status()).isEqualTo(401);
            }
            assertThat(server.get(ROUTE, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET).status()).isEqualTo(429);
            assertThat(server.getWithoutAuth(ROUTE).status()).isEqualTo(429);
            clock.advance(Duration.ofSeconds(61));
            assertThat(server.get(ROUTE, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET).status()).isEqualTo(200);
        }
    }

    @Test
    void successesDoNotCountTowardsTheLimit() {
        try (RunningServer server = start()) {
            for (int i = 0; i < 50; i++) {
                assertThat(server.get(ROUTE, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET).status()).isEqualTo(200);
            }
        }
    }
}
