package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issued tokens and rate-limit buckets live in the store: a restart on the same store keeps them. */
class ApiVideoRestartTest {
    private static final String PLAYS = "/analytics/videos/plays?from=2026-11-20&dimension=videoId";

    @TempDir
    Path dataDir;

    @Test
    void aTokenIssuedBeforeARestartStillReadsAndRefreshesAfterIt() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T11:00:00Z"));
        JsonNode token;
        try (RunningServer before = RunningServer.start(dataDir, clock)) {
            ApiVideoScenario.sendDataSet(before, clock);
            String key = ApiVideoScenario.defaultKey(before);
            token = ApiVideoScenario.authenticate(before, "{\"apiKey\":\"" + key + "\"}").json();
            assertThat(ApiVideoScenario.bearer(before, token.path("access_token").asText(), PLAYS).status()).isEqualTo(200);
        }

        try (RunningServer after = RunningServer.start(dataDir, clock)) {
            RunningServer.Response plays = ApiVideoScenario.bearer(after, token.path("access_token").asText(), PLAYS);
            assertThat(plays.status()).as(plays.body()).isEqualTo(200);
            assertThat(plays.json().path("data").get(0).path("plays").asLong()).isEqualTo(3);
            assertThat(plays.header("X-RateLimit-Remaining")).as("the bucket remembers the request before the restart")
                    .isEqualTo("58");

            String refreshBody = "{\"refreshToken\":\"" + token.path("refresh_token").asText() + "\"}";
            RunningServer.Response refreshed = ApiVideoScenario.post(after, "/auth/refresh", refreshBody);
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            assertThat(ApiVideoScenario.post(after, "/auth/refresh", refreshBody).status())
                    .as("a refresh token is spent once, across restarts too").isEqualTo(400);

            clock.advance(Duration.ofHours(1));
            assertThat(ApiVideoScenario.bearer(after, token.path("access_token").asText(), PLAYS).status())
                    .as("expired after its hour").isEqualTo(401);
        }
    }
}
