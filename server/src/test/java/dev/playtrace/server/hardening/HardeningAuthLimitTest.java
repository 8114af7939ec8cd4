package dev.playtrace.server.hardening;

import dev.playtrace.server.http.AuthenticationThrottle;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
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
    void vendorAnswersToWrongCredentialsThatAreNot401AreCountedAndLimitedToo() {
        try (RunningServer server = start()) {
            // the counter is process-wide: other tests in this JVM may have counted on these routes before
            double vpeBefore = failures(server, "GET /v1/charts/playCnt");
            double apiVideoBefore = failures(server, "POST /auth/api-key");
            // VPE answers a wrong API key with HTTP 200 "Unauthorized"
            for (int i = 0; i < 10; i++) {
                RunningServer.Response vpe = server.send(HttpRequest.newBuilder(server.uri("/v1/charts/playCnt"))
                        .header("x-api-key", "guess-" + i).header("x-project-id", RunningServer.PROJECT_ID).GET().build());
                assertThat(vpe.status()).isEqualTo(200);
                assertThat(vpe.body()).contains("Unauthorized");
            }
            RunningServer.Response blocked = server.send(HttpRequest.newBuilder(server.uri("/v1/charts/playCnt"))
                    .header("x-api-key", "guess").header("x-project-id", RunningServer.PROJECT_ID).GET().build());
            assertThat(blocked.status()).as("the project id is blocked after 10 wrong keys").isEqualTo(429);

            // api.video answers a wrong API key at its token endpoint with 400 invalid credentials
            RunningServer.Response apiVideo = server.send(HttpRequest.newBuilder(server.uri("/auth/api-key"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"apiKey\":\"wrong-key\"}")).build());
            assertThat(apiVideo.status()).isEqualTo(400);

            assertThat(failures(server, "GET /v1/charts/playCnt") - vpeBefore).isEqualTo(10);
            assertThat(failures(server, "POST /auth/api-key") - apiVideoBefore).isEqualTo(1);
        }
    }

    private static double failures(RunningServer server, String route) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(?m)^playtrace_authentication_failures_total"
                + "\\{route=\"" + java.util.regex.Pattern.quote(route) + "\"} ([0-9.E]+)$")
                .matcher(server.getWithoutAuth("/metrics").body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
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
