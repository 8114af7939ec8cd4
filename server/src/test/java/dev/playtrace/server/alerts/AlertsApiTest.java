package dev.playtrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /data/v1/alerts} over HTTP: rule CRUD with validation, secrets shown once, projects isolated. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsApiTest {
    private static final String RULE = """
            {"name": "Startup failures", "metric": "video_startup_failure_percentage", "filters": ["country:US", "!cdn:akamai"],
             "condition": {"type": "anomaly"}, "webhooks": [{"url": "https://hooks.example.com/playtrace"}]}""";
    private RunningServer server;
    private ProjectAdmin.Credentials other;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = RunningServer.start(dataDir, new MutableClock(Instant.parse("2026-11-18T12:00:00Z")));
        other = server.createProject("Other");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aRuleIsCreatedWithDefaultsShownListedReplacedAndDeleted() {
        RunningServer.Response created = send("POST", "/data/v1/alerts/rules", RULE, RunningServer.TOKEN_ID,
                RunningServer.TOKEN_SECRET);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode rule = created.json().path("data");
        String id = rule.path("id").asText();
        assertThat(rule.path("window_minutes").asInt()).isEqualTo(5);
        assertThat(rule.path("condition").path("direction").asText()).as("VSF is bad when it goes up").isEqualTo("above");
        assertThat(rule.path("condition").path("history_step_minutes").asInt()).isEqualTo(1440);
        assertThat(rule.path("filters")).extracting(JsonNode::asText).containsExactly("!cdn:akamai", "country:US");
        assertThat(rule.path("webhooks").get(0).path("secret").asText()).as("shown once").startsWith("whsec_");

        JsonNode shown = server.get("/data/v1/alerts/rules/" + id).json().path("data");
        assertThat(shown.path("webhooks").get(0).has("secret")).isFalse();
        assertThat(shown.path("name").asText()).isEqualTo("Startup failures");
        assertThat(server.get("/data/v1/alerts/rules").json().path("data")).extracting(node -> node.path("id").asText())
                .contains(id);

        RunningServer.Response replaced = send("PUT", "/data/v1/alerts/rules/" + id, RULE.replace("Startup failures", "VSF")
                .replace("\"anomaly\"", "\"threshold\", \"value\": 5"), RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().path("data").path("condition").path("resolve_value").asDouble()).isEqualTo(4.5);
        assertThat(replaced.json().path("data").path("webhooks").get(0).has("secret")).as("kept, not shown").isFalse();

        assertThat(send("DELETE", "/data/v1/alerts/rules/" + id, null, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET)
                .status()).isEqualTo(200);
        assertThat(server.get("/data/v1/alerts/rules/" + id).status()).isEqualTo(404);
    }

    @Test
    void aProjectSeesOnlyItsOwnRules() {
        String id = send("POST", "/data/v1/alerts/rules", RULE, RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET)
                .json().path("data").path("id").asText();

        assertThat(server.get("/data/v1/alerts/rules/" + id, other.tokenId(), other.tokenSecret()).status()).isEqualTo(404);
        assertThat(server.get("/data/v1/alerts/rules", other.tokenId(), other.tokenSecret()).json().path("data")).isEmpty();
        assertThat(send("DELETE", "/data/v1/alerts/rules/" + id, null, other.tokenId(), other.tokenSecret()).status())
                .isEqualTo(404);
        assertThat(server.getWithoutAuth("/data/v1/alerts/rules").status()).isEqualTo(401);
    }

    @Test
    void invalidRulesAreRefusedWithTheReason() {
        assertThat(send("POST", "/data/v1/alerts/rules", RULE.replace("video_startup_failure_percentage", "nope"),
                RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET).body()).contains("unknown metric");
        RunningServer.Response measurement = send("POST", "/data/v1/alerts/rules",
                RULE.replace("\"filters\"", "\"measurement\": \"95th\", \"filters\""), RunningServer.TOKEN_ID,
                RunningServer.TOKEN_SECRET);
        assertThat(measurement.status()).isEqualTo(400);
        RunningServer.Response url = send("POST", "/data/v1/alerts/rules", RULE.replace("https://", "ftp://"),
                RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET);
        assertThat(url.status()).isEqualTo(400);
        assertThat(url.body()).contains("http or https");
        assertThat(send("POST", "/data/v1/alerts/rules", "{not json", RunningServer.TOKEN_ID, RunningServer.TOKEN_SECRET)
                .status()).isEqualTo(400);
    }

    @Test
    void incidentsAreListedPerProjectAndAnUnknownOneIsNotFound() {
        JsonNode list = server.get("/data/v1/alerts/incidents").json();
        assertThat(list.path("total_row_count").asLong()).isZero();
        assertThat(server.get("/data/v1/alerts/incidents/inc_none").status()).isEqualTo(404);
    }

    private RunningServer.Response send(String method, String path, String body, String tokenId, String secret) {
        String credentials = Base64.getEncoder().encodeToString((tokenId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
