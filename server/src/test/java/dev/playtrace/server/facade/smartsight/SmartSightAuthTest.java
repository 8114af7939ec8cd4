package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static dev.playtrace.server.facade.smartsight.SmartSightFixture.PERIOD;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.T0;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.T0_MS;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.ok;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.postToken;
import static dev.playtrace.server.support.RunningServer.PROJECT_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** The Keycloak-style token endpoint and every way a SmartSight request can fail authentication or authorization. */
class SmartSightAuthTest {
    private static final String SESSION = "/mm-apis/session/" + PROJECT_ID + "?planlevel=6831&" + PERIOD + "&metrics=attempts";

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
        SmartSightFixture.sendFiveViews(server, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RunningServer.Response session(String accessToken) {
        return SmartSightFixture.getWithBearer(server, SESSION, accessToken);
    }

    private static String key(ProjectAdmin.Credentials credentials, String label) {
        return credentials.facadeKeys().stream().filter(key -> key.label().equals(label)).findFirst().orElseThrow().value();
    }

    @Test
    void clientCredentialsGiveAKeycloakShapedBearerToken() {
        JsonNode token = ok(postToken(server, Map.of("grant_type", "client_credentials", "client_id", TOKEN_ID,
                "client_secret", TOKEN_SECRET)));

        assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.path("expires_in").asLong()).isEqualTo(900);
        assertThat(token.path("refresh_expires_in").asLong()).isEqualTo(1800);
        assertThat(token.path("refresh_token").asText()).isNotBlank();
        assertThat(token.path("access_token").asText().split("\\.")).hasSize(3);

        JsonNode body = ok(session(token.path("access_token").asText()));
        assertThat(body.path("response").get(0).path("attempts").asLong()).isEqualTo(5);
    }

    @Test
    void passwordGrantWithTheProjectsSmartSightUser() {
        ProjectAdmin.Credentials other = server.server().admin().createProject("other");

        JsonNode token = ok(postToken(server, Map.of("grant_type", "password", "client_id", "smartsight-backend", "scope", "openid",
                "username", key(other, "SmartSight username"), "password", key(other, "SmartSight password"))));
        String accessToken = token.path("access_token").asText();

        RunningServer.Response own = SmartSightFixture.getWithBearer(server,
                "/mm-apis/session/" + other.project().id() + "?planlevel=6831&" + PERIOD + "&metrics=attempts", accessToken);
        assertThat(ok(own).path("response").get(0).path("attempts").asLong()).isZero();
        assertThat(token.path("scope").asText()).isEqualTo("openid");
    }

    @Test
    void anotherProjectsCustomerIdIsForbidden() {
        ProjectAdmin.Credentials other = server.server().admin().createProject("other");
        String otherToken = SmartSightFixture.clientCredentialsToken(server, other.tokenId(), other.tokenSecret());

        RunningServer.Response response = session(otherToken);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("error").asText()).isEqualTo("Forbidden");
        assertThat(response.json().path("message").asText()).contains(PROJECT_ID);
    }

    @Test
    void expiredTokenIsUnauthorizedAndRefreshGivesANewOne() {
        JsonNode token = ok(postToken(server, Map.of("grant_type", "client_credentials", "client_id", TOKEN_ID,
                "client_secret", TOKEN_SECRET)));
        String accessToken = token.path("access_token").asText();

        clock.set(T0_MS + 62_000 + 900_000);
        RunningServer.Response expired = session(accessToken);
        JsonNode refreshed = ok(postToken(server, Map.of("grant_type", "refresh_token",
                "refresh_token", token.path("refresh_token").asText())));

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("message").asText()).contains("expired");
        assertThat(session(refreshed.path("access_token").asText()).status()).isEqualTo(200);

        clock.set(T0_MS + 62_000 + 1_800_000);
        RunningServer.Response lateRefresh = postToken(server, Map.of("grant_type", "refresh_token",
                "refresh_token", token.path("refresh_token").asText()));
        assertThat(lateRefresh.status()).isEqualTo(400);
        assertThat(lateRefresh.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void tamperedTokenIsUnauthorized() {
        String accessToken = SmartSightFixture.clientCredentialsToken(server, TOKEN_ID, TOKEN_SECRET);
        String[] parts = accessToken.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace(PROJECT_ID, "proj_evil");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + parts[2];

        RunningServer.Response response = session(forged);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("message").asText()).contains("signature");
        assertThat(session("not-a-jwt").status()).isEqualTo(401);
    }

    @Test
    void refreshTokenIsNotAnAccessToken() {
        JsonNode token = ok(postToken(server, Map.of("grant_type", "client_credentials", "client_id", TOKEN_ID,
                "client_secret", TOKEN_SECRET)));

        assertThat(session(token.path("refresh_token").asText()).status()).isEqualTo(401);
    }

    @Test
    void missingOrBasicAuthorizationIsUnauthorized() {
        RunningServer.Response missing = server.getWithoutAuth(SESSION);
        RunningServer.Response basic = server.get(SESSION);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("error").asText()).isEqualTo("Unauthorized");
        assertThat(missing.json().path("message").asText()).contains("Bearer");
        assertThat(basic.status()).isEqualTo(401);
    }

    @Test
    void wrongCredentialsAndGrantsAreKeycloakErrors() {
        RunningServer.Response wrongSecret = postToken(server, Map.of("grant_type", "client_credentials", "client_id", TOKEN_ID,
                "client_secret", "wrong"));
        RunningServer.Response wrongPassword = postToken(server, Map.of("grant_type", "password", "username", PROJECT_ID,
                "password", "wrong"));
        RunningServer.Response unknownGrant = postToken(server, Map.of("grant_type", "authorization_code"));
        RunningServer.Response noGrant = postToken(server, Map.of());

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.json().path("error").asText()).isEqualTo("unauthorized_client");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(unknownGrant.status()).isEqualTo(400);
        assertThat(unknownGrant.json().path("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(noGrant.status()).isEqualTo(400);
    }

    @Test
    void clientCredentialsMayComeAsHttpBasic() {
        String basic = Base64.getEncoder().encodeToString((TOKEN_ID + ":" + TOKEN_SECRET).getBytes());
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/realms/mediamelon/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());

        assertThat(ok(response).path("access_token").asText()).isNotBlank();
    }

    @Test
    void generationOneTokenEndpointTakesTheSameForm() {
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/generateOAuthToken"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + TOKEN_ID
                        + "&client_secret=" + TOKEN_SECRET)).build());

        assertThat(session(ok(response).path("access_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void tokensOutliveARestartBecauseTheSigningKeyIsKeptInTheDataDirectory() {
        String accessToken = SmartSightFixture.clientCredentialsToken(server, TOKEN_ID, TOKEN_SECRET);

        server.close();
        server = RunningServer.start(dataDir, clock);

        assertThat(session(accessToken).status()).isEqualTo(200);
    }

    @Test
    void bareTokenWithoutTheBearerPrefixIsAccepted() {
        String accessToken = SmartSightFixture.clientCredentialsToken(server, TOKEN_ID, TOKEN_SECRET);

        RunningServer.Response response = SmartSightFixture.getWithHeader(server, SESSION, "Authorization", accessToken);

        assertThat(response.status()).isEqualTo(200);
    }
}
