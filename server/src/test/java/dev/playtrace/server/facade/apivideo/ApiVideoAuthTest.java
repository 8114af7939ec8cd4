package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** api.video's two auth schemes, the token endpoints and their failures, and the rate limit per API key. */
class ApiVideoAuthTest extends ApiVideoScenarioServer {
    private static final String PLAYS = "/analytics/videos/plays?from=2026-11-20&dimension=videoId";
    private static final String INVALID_CREDENTIALS = "{\"type\":\"https://docs.api.video/docs/authenticationinvalid_credentials\",\"title\":\"The user credentials were incorrect.\",\"name\":\"\",\"status\":400}";
    private static final String UNAUTHORIZED = "{\"type\":\"https://docs.api.video/reference/unauthorized\",\"title\":\"Unauthorized request.\",\"status\":401}";
    private static final String TOO_MANY = "{\"type\":\"https://docs.api.video/reference/too-many-requests\",\"title\":\"Too many requests.\",\"status\":429}";

    @Test
    void apiKeyExchangeGivesABearerTokenThatReadsPlays() {
        RunningServer.Response response = ApiVideoScenario.authenticate(server, "{\"apiKey\":\"" + key + "\"}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode token = response.json();
        assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.path("expires_in").asLong()).isEqualTo(3600).isGreaterThan(60);
        assertThat(token.path("access_token").asText()).isNotBlank();
        assertThat(token.path("refresh_token").asText()).isNotBlank();
        assertThat(response.header("X-RateLimit-Limit")).isNull();

        RunningServer.Response plays = ApiVideoScenario.bearer(server, token.path("access_token").asText(), PLAYS);
        assertThat(plays.status()).isEqualTo(200);
        assertThat(plays.json().path("data").get(0).path("value").asText()).isEqualTo("vi-a");
        assertThat(plays.json().path("data").get(0).path("plays").asLong()).isEqualTo(3);
    }

    @Test
    void basicAuthWithTheKeyAndAnEmptyPasswordReadsPlays() {
        RunningServer.Response plays = ApiVideoScenario.basic(server, key, PLAYS);

        assertThat(plays.status()).isEqualTo(200);
        assertThat(plays.json().path("pagination").path("itemsTotal").asInt()).isEqualTo(2);
    }

    @Test
    void refreshGivesANewTokenAndSpendsTheOldRefreshToken() {
        JsonNode first = ApiVideoScenario.authenticate(server, "{\"apiKey\":\"" + key + "\"}").json();
        String refreshBody = "{\"refreshToken\":\"" + first.path("refresh_token").asText() + "\"}";

        RunningServer.Response refreshed = ApiVideoScenario.post(server, "/auth/refresh", refreshBody);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().path("access_token").asText()).isNotEqualTo(first.path("access_token").asText());
        assertThat(ApiVideoScenario.bearer(server, refreshed.json().path("access_token").asText(), PLAYS).status()).isEqualTo(200);

        RunningServer.Response again = ApiVideoScenario.post(server, "/auth/refresh", refreshBody);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json()).isEqualTo(json(INVALID_CREDENTIALS));
    }

    @Test
    void wrongKeysAndBadBodiesGetTheInvalidCredentialsBody() {
        for (String body : new String[] {"{\"apiKey\":\"not-a-key\"}", "{}", "not json", "{\"apiKey\":42}", ""}) {
            RunningServer.Response response = ApiVideoScenario.authenticate(server, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json()).as(body).isEqualTo(json(INVALID_CREDENTIALS));
        }
        RunningServer.Response refresh = ApiVideoScenario.post(server, "/auth/refresh", "{\"refreshToken\":\"nope\"}");
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.json()).isEqualTo(json(INVALID_CREDENTIALS));
    }

    @Test
    void expiredTokenIsRefusedAndRefreshStillWorks() {
        JsonNode token = ApiVideoScenario.authenticate(server, "{\"apiKey\":\"" + key + "\"}").json();

        clock.advance(Duration.ofSeconds(3599));
        assertThat(ApiVideoScenario.bearer(server, token.path("access_token").asText(), PLAYS).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        RunningServer.Response expired = ApiVideoScenario.bearer(server, token.path("access_token").asText(), PLAYS);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json()).isEqualTo(json(UNAUTHORIZED));

        RunningServer.Response refreshed = ApiVideoScenario.post(server, "/auth/refresh",
                "{\"refreshToken\":\"" + token.path("refresh_token").asText() + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        // "to" is now required: the data set's days are still within 30 days
        assertThat(ApiVideoScenario.bearer(server, refreshed.json().path("access_token").asText(), PLAYS).status()).isEqualTo(200);
    }

    @Test
    void missingWrongOrForeignCredentialsAreRefused() {
        assertUnauthorized(server.send(HttpRequest.newBuilder(server.uri(PLAYS)).GET().build()));
        assertUnauthorized(ApiVideoScenario.basic(server, "wrong-key", PLAYS));
        assertUnauthorized(ApiVideoScenario.bearer(server, "not-a-token", PLAYS));
        assertUnauthorized(server.send(HttpRequest.newBuilder(server.uri(PLAYS)).header("Authorization", "Basic %%%").GET().build()));
        assertUnauthorized(server.send(HttpRequest.newBuilder(server.uri(PLAYS)).header("Authorization", "Digest abc").GET().build()));
        // the native API token is not an api.video key
        assertUnauthorized(ApiVideoScenario.basic(server, RunningServer.TOKEN_ID, PLAYS));
    }

    @Test
    void keyOfAnotherProjectSeesOnlyThatProject() {
        ProjectAdmin.Credentials other = server.server().admin().createProject("other");
        String otherKey = ApiVideoScenario.apiVideoKey(other);
        assertThat(otherKey).isNotEqualTo(key);

        JsonNode empty = ApiVideoScenario.ok(server, otherKey, PLAYS);
        assertThat(empty.path("data")).isEmpty();
        assertThat(empty.path("pagination").path("itemsTotal").asInt()).isZero();
        assertThat(empty.path("pagination").path("pagesTotal").asInt()).isEqualTo(1);

        RunningServer.Response foreignVideo = ApiVideoScenario.basic(server, otherKey, PLAYS + "&filter=videoId:vi-a");
        assertThat(foreignVideo.status()).isEqualTo(400);
        assertThat(foreignVideo.json().path("detail").asText()).isEqualTo("This value must refer to an existing video");

        String otherToken = ApiVideoScenario.accessToken(server, otherKey);
        assertThat(ApiVideoScenario.bearer(server, otherToken, PLAYS).json().path("data")).isEmpty();
    }

    @Test
    void environmentFixesTheKeyAndOneKeyBelongsToOneProject() {
        ProjectAdmin admin = server.server().admin();
        ProjectAdmin.Credentials fixed = admin.createProject("proj_fixed", "fixed", "ingestfixed", "token-fixed", "secret-fixed",
                java.util.Map.of("PLAYTRACE_APIVIDEO_API_KEY", "9VxMaPgsaFg7EBqmuspSzF7"));
        assertThat(ApiVideoScenario.apiVideoKey(fixed)).isEqualTo("9VxMaPgsaFg7EBqmuspSzF7");
        // vendor_apis.md §4.2's example header for that key
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri(PLAYS))
                .header("Authorization", "Basic OVZ4TWFQZ3NhRmc3RUJxbXVzcFN6Rjc6").GET().build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("data")).isEmpty();
        // re-issuing the same key to its project is idempotent; giving it to another project is refused
        admin.createProject("proj_fixed", "fixed", "ingestfixed", "token-fixed", "secret-fixed",
                java.util.Map.of("PLAYTRACE_APIVIDEO_API_KEY", "9VxMaPgsaFg7EBqmuspSzF7"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.createProject("proj_other", "other", "ingestother",
                        "token-other", "secret-other", java.util.Map.of("PLAYTRACE_APIVIDEO_API_KEY", "9VxMaPgsaFg7EBqmuspSzF7")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ApiVideoScenario.basic(server, "9VxMaPgsaFg7EBqmuspSzF7", PLAYS).status()).isEqualTo(200);
    }

    @Test
    void rateLimitTripsAfterSixtyRequestsAndRecoversAsTheClockMoves() {
        String token = ApiVideoScenario.accessToken(server, key);
        for (int i = 1; i <= 60; i++) {
            // both schemes count against the same key
            RunningServer.Response response = i % 2 == 0 ? ApiVideoScenario.bearer(server, token, PLAYS)
                    : ApiVideoScenario.basic(server, key, PLAYS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-RateLimit-Limit")).isEqualTo("60");
            assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(60 - i));
        }
        RunningServer.Response refused = ApiVideoScenario.bearer(server, token, PLAYS);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json()).isEqualTo(json(TOO_MANY));
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("X-RateLimit-Retry-After")).isEqualTo("1");

        // another project's key has its own bucket
        String otherKey = ApiVideoScenario.apiVideoKey(server.server().admin().createProject("other"));
        assertThat(ApiVideoScenario.basic(server, otherKey, PLAYS).status()).isEqualTo(200);
        // the auth routes are not limited
        assertThat(ApiVideoScenario.authenticate(server, "{\"apiKey\":\"" + key + "\"}").status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        RunningServer.Response recovered = ApiVideoScenario.bearer(server, token, PLAYS);
        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(ApiVideoScenario.bearer(server, token, PLAYS).status()).isEqualTo(429);

        clock.advance(Duration.ofMinutes(1));
        RunningServer.Response full = ApiVideoScenario.bearer(server, token, PLAYS);
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.header("X-RateLimit-Remaining")).isEqualTo("59");
        assertThat(full.header("X-RateLimit-Retry-After")).isEqualTo("1");
    }

    private static void assertUnauthorized(RunningServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.json()).isEqualTo(json(UNAUTHORIZED));
    }

    private static JsonNode json(String text) {
        try {
            return dev.playtrace.server.http.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
