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

/** Issue 19 item 7: a SmartSight refresh token works once, and a session ends 10 h after its login however refreshed. */
class SmartSightRefreshHardeningTest {
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
}
