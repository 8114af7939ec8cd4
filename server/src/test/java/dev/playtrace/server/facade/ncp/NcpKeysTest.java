package dev.playtrace.server.facade.ncp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.model.Credential;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default project's NCP keys come from the environment, survive restarts, and are never stored in clear. */
class NcpKeysTest {
    private static final String ACCESS_KEY = "AKIDEXAMPLE0000000000";
    private static final String SECRET_KEY = "SECRETEXAMPLE0000000000000000000000000000";
    private static final String VPE_KEY = "vpe-key-from-env";
    private static final Map<String, String> ENVIRONMENT = Map.of(NcpFacade.NCP_ACCESS_KEY_VARIABLE, ACCESS_KEY,
            NcpFacade.NCP_SECRET_KEY_VARIABLE, SECRET_KEY, NcpFacade.VPE_API_KEY_VARIABLE, VPE_KEY);
    /** vendor_apis.md §2.1's worked example, sent verbatim. */
    private static final long EXAMPLE_TIMESTAMP_MS = 1755591000123L;
    private static final String EXAMPLE_PATH = "/api/v2/status/status-statistic?workStartTimeFrom=1755590820000&workStartTimeTo=1755591000000";
    private static final String EXAMPLE_SIGNATURE = "LFQjLZjWYpdin00vbdbIcCtFkc646ZvPLoGjEPfnjJU=";

    @TempDir
    Path dataDir;
    private final HttpClient client = HttpClient.newHttpClient();

    private PlaytraceServer start(MutableClock clock, Map<String, String> environment) {
        return PlaytraceServer.start(new ServerConfig(0, dataDir, false, ServerConfig.DEFAULT_VIEW_TIMEOUT, null,
                new ServerConfig.FixedProject("proj_keys", "ingestkeys", "token-keys", "secret-keys"),
                ServerConfig.DEFAULT_MAX_BEACON_BYTES, environment), clock);
    }

    private HttpResponse<String> get(PlaytraceServer server, String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + pathAndQuery)).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void documentedSignatureExampleIsAcceptedWithKeysFromTheEnvironment() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(EXAMPLE_TIMESTAMP_MS + 60_000));
        try (PlaytraceServer server = start(clock, ENVIRONMENT)) {
            HttpResponse<String> response = get(server, EXAMPLE_PATH, Map.of("x-ncp-apigw-timestamp",
                    Long.toString(EXAMPLE_TIMESTAMP_MS), "x-ncp-iam-access-key", ACCESS_KEY,
                    "x-ncp-apigw-signature-v2", EXAMPLE_SIGNATURE));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode content = Json.MAPPER.readTree(response.body()).path("content");
            assertThat(content.path("waiting").asInt()).isZero();
            assertThat(content.has("canceled")).isTrue();

            HttpResponse<String> vpe = get(server, "/v1/charts/playCnt?startDate=2025-08-19&endDate=2025-08-19",
                    Map.of("x-api-key", VPE_KEY, "x-project-id", "proj_keys"));
            assertThat(Json.MAPPER.readTree(vpe.body()).path("message").asText()).isEqualTo("playCnt (5m)");
        }
    }

    @Test
    void secretsAreStoredHashedOrEncryptedAndKeysSurviveRestarts() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
        String accessKey;
        String vpeKey;
        try (PlaytraceServer server = start(clock, Map.of())) {
            ProjectAdmin.Credentials project = server.defaultProject();
            accessKey = VpeClient.key(project, NcpFacade.NCP_ACCESS_KEY_VARIABLE);
            vpeKey = VpeClient.key(project, NcpFacade.VPE_API_KEY_VARIABLE);
            String secret = VpeClient.key(project, NcpFacade.NCP_SECRET_KEY_VARIABLE);

            Credential stored = server.projects().findCredential(NcpAuthenticators.NCP_ACCESS_KEY, accessKey).orElseThrow();
            assertThat(stored.projectId()).isEqualTo("proj_keys");
            assertThat(stored.storedSecret()).doesNotContain(secret);
            Credential storedVpe = server.projects().findCredential(NcpAuthenticators.VPE_API_KEY, "proj_keys").orElseThrow();
            assertThat(storedVpe.storedSecret()).isEqualTo(TokenSecrets.sha256Hex(vpeKey));
            assertThat(project.describe()).contains(vpeKey).contains(accessKey).contains(secret);
        }
        try (PlaytraceServer restarted = start(clock, Map.of())) {
            assertThat(VpeClient.key(restarted.defaultProject(), NcpFacade.NCP_ACCESS_KEY_VARIABLE)).isEqualTo(accessKey);
            HttpResponse<String> vpe = get(restarted, "/v1/charts/playCnt", Map.of("x-api-key", vpeKey, "x-project-id", "proj_keys"));
            // no dates: month to date, 2026-11-01 .. 2026-11-20 10:00
            JsonNode body = Json.MAPPER.readTree(vpe.body());
            assertThat(body.path("message").asText()).isEqualTo("playCnt (1d)");
            assertThat(body.path("result")).hasSize(20);
            assertThat(body.path("result").get(0).path("logDate").asText()).isEqualTo("2026-11-20 00:00:00");
        }
    }

    @Test
    void everyNewProjectGetsItsOwnKeys() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
        try (PlaytraceServer server = start(clock, ENVIRONMENT)) {
            ProjectAdmin.Credentials other = server.admin().createProject("other");

            assertThat(VpeClient.key(other, NcpFacade.NCP_ACCESS_KEY_VARIABLE)).isNotEqualTo(ACCESS_KEY);
            assertThat(VpeClient.key(other, NcpFacade.VPE_API_KEY_VARIABLE)).isNotEqualTo(VPE_KEY);
            assertThat(server.projects().findCredential(NcpAuthenticators.VPE_API_KEY, other.project().id())).isPresent();
        }
    }
}
