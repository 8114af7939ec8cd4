package dev.playtrace.server.hardening;

import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 19 item 7: a Basic challenge on the native API's 401s; browser protections on the dashboard. */
class HardeningHeadersTest {
    @TempDir
    Path dataDir;

    @Test
    void aBasicSchemeAnswers401WithAChallengeAndTheDashboardWithItsProtections() {
        try (RunningServer server = RunningServer.start(dataDir, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))) {
            RunningServer.Response unauthenticated = server.getWithoutAuth("/data/v1/metrics");
            assertThat(unauthenticated.status()).isEqualTo(401);
            assertThat(unauthenticated.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Playtrace\", charset=\"UTF-8\"");
            RunningServer.Response wrongSecret = server.get("/data/v1/exports/views?timeframe[]=24:hours", RunningServer.TOKEN_ID, "wrong");
            assertThat(wrongSecret.status()).isEqualTo(401);
            assertThat(wrongSecret.header("WWW-Authenticate")).startsWith("Basic realm=");

            for (String path : new String[] {"/", "/index.html", "/dashboard/app.js"}) {
                RunningServer.Response page = server.getWithoutAuth(path);
                assertThat(page.status()).as(path).isEqualTo(200);
                assertThat(page.header("Content-Security-Policy")).as(path)
                        .contains("script-src 'self'").contains("frame-ancestors 'none'");
                assertThat(page.header("X-Frame-Options")).as(path).isEqualTo("DENY");
                assertThat(page.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            }
        }
    }
}
