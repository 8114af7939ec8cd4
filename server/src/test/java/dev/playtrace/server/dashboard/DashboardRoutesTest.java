package dev.playtrace.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the dashboard's routes serve over HTTP, and that they leave the beacon alias and the API alone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardRoutesTest {
    private RunningServer server;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = RunningServer.start(dataDir, new MutableClock(Instant.parse("2026-11-20T12:00:00Z")));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void rootServesTheDashboardPageWithoutAToken() {
        RunningServer.Response page = server.getWithoutAuth("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>");
    }

    @Test
    void scriptsAreServedAsJavaScriptSoBrowsersRunThemAsModules() {
        RunningServer.Response app = server.getWithoutAuth("/dashboard/pages/overview.js");
        RunningServer.Response uplot = server.getWithoutAuth("/dashboard/vendor/uplot/uPlot.esm.js");
        RunningServer.Response uplotCss = server.getWithoutAuth("/dashboard/vendor/uplot/uPlot.min.css");

        assertThat(app.status()).isEqualTo(200);
        assertThat(app.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(uplot.body()).contains("export { uPlot as default }");
        assertThat(uplotCss.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void onlyFilesOfTheDashboardFolderAreServed() {
        assertThat(server.getWithoutAuth("/dashboard/missing.js").status()).isEqualTo(404);
        assertThat(server.getWithoutAuth("/dashboard/%2e%2e/dev/playtrace/server/openapi.yaml").status()).isEqualTo(404);
        assertThat(server.getWithoutAuth("/dashboard/..%2Fdashboard/app.js").status()).isEqualTo(404);
        // a file of the WebJar, but not a type the dashboard serves
        assertThat(server.getWithoutAuth("/dashboard/vendor/uplot/uPlot.d.ts").status()).isEqualTo(404);
    }

    @Test
    void postToRootIsStillTheMuxEmbedBeaconAlias() {
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("not_a_batch");
    }

    @Test
    void projectEndpointGivesTheSetupPageTheProjectAndItsIngestKey() {
        JsonNode data = server.get("/data/v1/project").json().path("data");

        assertThat(data.path("id").asText()).isEqualTo(RunningServer.PROJECT_ID);
        assertThat(data.path("env_key").asText()).isEqualTo(RunningServer.INGEST_KEY);
        assertThat(data.path("beacon_url").asText()).isEqualTo("http://localhost:" + server.server().port() + "/v1/beacons");
        assertThat(data.path("mux_embed_beacon_domain").asText()).isEqualTo("localhost:" + server.server().port());
        assertThat(server.getWithoutAuth("/data/v1/project").status()).isEqualTo(401);
    }

    @Test
    void behindATlsProxyTheBeaconUrlIsHttps() {
        String credentials = java.util.Base64.getEncoder().encodeToString(
                (RunningServer.TOKEN_ID + ":" + RunningServer.TOKEN_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/data/v1/project"))
                .header("Authorization", "Basic " + credentials).header("X-Forwarded-Proto", "https").GET().build());

        assertThat(response.json().path("data").path("beacon_url").asText())
                .isEqualTo("https://localhost:" + server.server().port() + "/v1/beacons");
    }
}
