package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.playtrace.server.facade.smartsight.SmartSightFixture.T0;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.ok;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.postToken;
import static dev.playtrace.server.support.RunningServer.TOKEN_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 7: a SmartSight refresh token works once, a session ends 10 h after its login however refreshed (and
 * {@code expires_in} says so as the end nears), tokens can be revoked, and a client that authenticated with HTTP Basic
 * gets the Basic challenge on a 401.
 */
class SmartSightRefreshHardeningTest {
    private static final String SESSION = "/mm-apis/session/" + RunningServer.PROJECT_ID
            + "?planlevel=6831&" + SmartSightFixture.PERIOD + "&metrics=attempts";
    private static final String REVOKE = "/realms/mediamelon/protocol/openid-connect/revoke";
    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode login() {
        return ok(postToken(server, Map.of("grant_type", "client_credentials", "client_id", TOKEN_ID,
                "client_secret", TOKEN_SECRET)));
    }

    private RunningServer.Response refresh(String refreshToken) {
        return postToken(server, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    @Test
    void aRefreshTokenUsedTwiceIsRefusedTheSecondTime() {
        String refreshToken = login().path("refresh_token").asText();
        assertThat(refresh(refreshToken).status()).isEqualTo(200);
        RunningServer.Response replay = refresh(refreshToken);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(replay.json().path("error_description").asText()).contains("already used");
    }

    @Test
    void refreshingEvery25MinutesEndsTenHoursAfterTheLogin() {
        String refreshToken = login().path("refresh_token").asText();
        int refreshes = 0;
        RunningServer.Response last;
        while (true) {
            clock.advance(Duration.ofMinutes(25));
            last = refresh(refreshToken);
            if (last.status() != 200) {
                break;
            }
            refreshes++;
            refreshToken = last.json().path("refresh_token").asText();
            assertThat(refreshes).as("the session must end").isLessThan(100);
        }
        // 600 minutes of session: refreshes at 25, 50, ..., 575 minutes pass; the token of the one at 575 expires with
        // the session at 600 (its lifetime is cut to the 25 minutes left), so the refresh at 600 is refused
        assertThat(refreshes).isEqualTo(23);
        assertThat(last.status()).isEqualTo(400);
        assertThat(last.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(last.json().path("error_description").asText()).contains("expired");
    }

    @Test
    void expiresInShrinksAsTheSessionsAbsoluteEndNearsAndRefreshingNeverExtendsIt() {
        JsonNode login = login();
        assertThat(login.path("expires_in").asLong()).isEqualTo(900);
        assertThat(login.path("refresh_expires_in").asLong()).isEqualTo(1800);
        String refreshToken = login.path("refresh_token").asText();
        // refresh every 25 minutes up to 9 h 50 min after the login: 10 minutes of the session are left
        JsonNode last = null;
        for (int minutes = 25; minutes <= 575; minutes += 25) {
            clock.advance(Duration.ofMinutes(25));
            last = ok(refresh(refreshToken));
            refreshToken = last.path("refresh_token").asText();
        }
        assertThat(last.path("expires_in").asLong()).as("the access token ends with the session").isEqualTo(900);
        assertThat(last.path("refresh_expires_in").asLong()).as("25 minutes left, not 30").isEqualTo(25 * 60);
        clock.advance(Duration.ofMinutes(20)); // 5 minutes left
        JsonNode nearEnd = ok(refresh(refreshToken));
        assertThat(nearEnd.path("expires_in").asLong()).isEqualTo(5 * 60);
        assertThat(nearEnd.path("refresh_expires_in").asLong()).isEqualTo(5 * 60);
        // the access token answered that way stops at the session's end, not 900 s later
        clock.advance(Duration.ofMinutes(5));
        assertThat(SmartSightFixture.getWithBearer(server, SESSION, nearEnd.path("access_token").asText()).status())
                .isEqualTo(401);
    }

    @Test
    void aRevokedRefreshTokenCannotBeExchangedAndARevokedAccessTokenStopsWorking() {
        JsonNode login = login();
        String accessToken = login.path("access_token").asText();
        assertThat(SmartSightFixture.getWithBearer(server, SESSION, accessToken).status()).isEqualTo(200);

        assertThat(revoke(login.path("refresh_token").asText()).status()).isEqualTo(200);
        RunningServer.Response refreshed = refresh(login.path("refresh_token").asText());
        assertThat(refreshed.status()).isEqualTo(400);
        assertThat(refreshed.json().path("error").asText()).isEqualTo("invalid_grant");

        assertThat(revoke(accessToken).status()).isEqualTo(200);
        RunningServer.Response afterRevoke = SmartSightFixture.getWithBearer(server, SESSION, accessToken);
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.body()).contains("revoked");

        // RFC 7009 §2.2: an unknown or foreign token is answered like a known one
        assertThat(revoke("not-a-token").status()).isEqualTo(200);
        RunningServer.Response missing = server.send(java.net.http.HttpRequest.newBuilder(server.uri(REVOKE))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token_type_hint=refresh_token")).build());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error_description").asText()).contains("token");
    }

    @Test
    void aClientAuthenticatingWithBasicGetsTheBasicChallengeOnA401() {
        String wrong = java.util.Base64.getEncoder().encodeToString((TOKEN_ID + ":wrong").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        RunningServer.Response basic = server.send(java.net.http.HttpRequest.newBuilder(
                        server.uri("/realms/mediamelon/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + wrong)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.header("WWW-Authenticate")).startsWith("Basic realm=\"mediamelon\"");
        assertThat(basic.json().path("error").asText()).isEqualTo("unauthorized_client");

        // credentials in the form: no challenge (the client did not use HTTP authentication)
        RunningServer.Response form = postToken(server, Map.of("grant_type", "client_credentials", "client_id", TOKEN_ID,
                "client_secret", "wrong"));
        assertThat(form.status()).isEqualTo(401);
        assertThat(form.header("WWW-Authenticate")).isNull();
    }

    private RunningServer.Response revoke(String token) {
        return server.send(java.net.http.HttpRequest.newBuilder(server.uri(REVOKE))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token,
                        java.nio.charset.StandardCharsets.UTF_8))).build());
    }
}
