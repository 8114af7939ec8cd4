package dev.playtrace.server.facade.smartsight;

import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.store.spi.PlaytraceStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.playtrace.server.facade.smartsight.SmartSightFixture.PERIOD;
import static dev.playtrace.server.support.RunningServer.PROJECT_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** SmartSight tokens are registered in the store: one issued before a restart passes after it, until revoked. */
class SmartSightRestartTest {
    private static final String SESSION = "/mm-apis/session/" + PROJECT_ID + "?planlevel=6831&" + PERIOD + "&metrics=attempts";

    @TempDir
    Path dataDir;

    @Test
    void aTokenIssuedBeforeARestartPassesAfterItUntilRevoked() {
        MutableClock clock = new MutableClock(SmartSightFixture.T0);
        String token;
        try (RunningServer before = RunningServer.start(dataDir, clock)) {
            token = SmartSightFixture.clientCredentialsToken(before, TOKEN_ID, TOKEN_SECRET);
            assertThat(SmartSightFixture.getWithBearer(before, SESSION, token).status()).isEqualTo(200);
        }

        try (RunningServer after = RunningServer.start(dataDir, clock)) {
            RunningServer.Response session = SmartSightFixture.getWithBearer(after, SESSION, token);
            assertThat(session.status()).as(session.body()).isEqualTo(200);
        }

        try (var store = PlaytraceStores.open("duckdb:" + dataDir.resolve("playtrace.duckdb"))) {
            var issued = new dev.playtrace.server.auth.IssuedTokens(store.issuedTokens(), clock);
            assertThat(issued.revoke(token)).isTrue();
        }
        try (RunningServer revoked = RunningServer.start(dataDir, clock)) {
            RunningServer.Response session = SmartSightFixture.getWithBearer(revoked, SESSION, token);
            assertThat(session.status()).isEqualTo(401);
            assertThat(session.json().path("message").asText()).contains("revoked");
        }
    }
}
