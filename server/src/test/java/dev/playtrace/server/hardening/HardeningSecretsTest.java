package dev.playtrace.server.hardening;

import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 19 item 4: secrets are printed when created, never on a later start; failed authentications are counted. */
class HardeningSecretsTest {
    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private ServerConfig generatedProjectConfig() {
        return new ServerConfig(0, dataDir, false, ServerConfig.DEFAULT_VIEW_TIMEOUT, null, null,
                ServerConfig.DEFAULT_MAX_BEACON_BYTES, Map.of());
    }

    @Test
    void secretsArePrintedOnTheFirstStartOnlyAndByTheCredentialsCommand() {
        StartOutput first = startAndCapture();
        StartOutput second = startAndCapture();
        List<String> secrets = secretsOf(first.credentials());
        // the API token's secret, the VPE key, the NCP secret key, the api.video key, the SmartSight password and API key
        assertThat(secrets).hasSize(6);
        for (String secret : secrets) {
            assertThat(first.stdout()).contains(secret);
            assertThat(second.stdout()).doesNotContain(secret);
        }
        assertThat(first.stdout()).contains("/#token=");
        assertThat(second.stdout()).doesNotContain("#token=").contains(first.credentials().tokenId());
        try (PlaytraceServer.StoreHandle store = PlaytraceServer.openStore(dataDir)) {
            String onRequest = store.describeDefaultProject(Map.of(), 8080);
            secrets.forEach(secret -> assertThat(onRequest).contains(secret));
            assertThat(onRequest).contains("http://localhost:8080/#token=");
        }
    }

    @Test
    void aFailedAuthenticationIsCountedInMetricsWithoutTheSecret() {
        try (RunningServer server = RunningServer.start(RunningServer.config(dataDir), clock)) {
            String route = "GET /data/v1/metrics";
            double before = failures(server.getWithoutAuth("/metrics").body(), route);
            assertThat(server.get("/data/v1/metrics", RunningServer.TOKEN_ID, "wrong-secret-xyz").status()).isEqualTo(401);
            String scrape = server.getWithoutAuth("/metrics").body();
            assertThat(failures(scrape, route)).isEqualTo(before + 1);
            assertThat(scrape).doesNotContain("wrong-secret-xyz");
        }
    }

    private static double failures(String scrape, String route) {
        String prefix = "playtrace_authentication_failures_total{route=\"" + route + "\"} ";
        return scrape.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim())).sum();
    }

    private record StartOutput(String stdout, ProjectAdmin.Credentials credentials) {
    }

    private StartOutput startAndCapture() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        ProjectAdmin.Credentials credentials;
        try (PlaytraceServer server = PlaytraceServer.start(generatedProjectConfig(), clock)) {
            credentials = server.defaultProject();
        } finally {
            System.setOut(original);
        }
        return new StartOutput(captured.toString(StandardCharsets.UTF_8), credentials);
    }

    private static List<String> secretsOf(ProjectAdmin.Credentials credentials) {
        List<String> secrets = new ArrayList<>();
        secrets.add(credentials.tokenSecret());
        for (Facade.IssuedKey key : credentials.facadeKeys()) {
            // identifiers (the SmartSight username, the NCP access key, the plan level) are not secrets
            if (key.label().contains("password") || key.label().contains("secret") || key.label().contains("API key")
                    || key.label().contains("X-API-Key")) {
                secrets.add(key.value());
            }
        }
        return secrets;
    }
}
