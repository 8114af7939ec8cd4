package dev.playtrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.playtrace.server.alerts.WebhookSendingOffTheEvaluationThreadTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the API of a running server: a rule that is disabled or deleted while its incident is open resolves that
 * incident (with the reason) and sends the signed resolution to its webhook, instead of leaving it open forever.
 */
class RuleDisabledOrDeletedApiTest {
    private static final String SECRET = "whsec_retirement";
    private static final String RULE = """
            {"name": "%s", "metric": "views", "min_views": 0, "enabled": %s,
             "condition": {"type": "threshold", "direction": "below", "value": 1000000000},
             "webhooks": [{"url": "%s", "secret": "%s"}]}""";

    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-18T12:00:00Z"));
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private RunningServer server;
    private HttpServer receiver;

    private record Received(String event, String signature, String body) {
        JsonNode json() {
            return SimulatedAlerting.parse(body);
        }
    }

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("Playtrace-Event"),
                    exchange.getRequestHeaders().getFirst("Playtrace-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        server = RunningServer.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        server.close();
        receiver.stop(0);
    }

    @Test
    void disablingARuleResolvesItsOpenIncidentAndTellsTheWebhook() {
        String ruleId = createRule("Disabled while firing");
        String incidentId = openIncidentOf(ruleId);

        RunningServer.Response disabled = send("PUT", "/data/v1/alerts/rules/" + ruleId, rule("Disabled while firing", false));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);

        JsonNode incident = server.get("/data/v1/alerts/incidents/" + incidentId).json().path("data");
        assertThat(incident.path("status").asText()).isEqualTo("resolved");
        assertThat(incident.path("resolved_reason").asText()).isEqualTo("rule_disabled");
        assertThat(incident.path("resolved_at").asText()).isEqualTo(clock.instant().toString());
        Received resolution = awaitMessage("incident.resolved", incidentId);
        assertThat(resolution.json().path("incident").path("resolved_reason").asText()).isEqualTo("rule_disabled");

        clock.advance(Duration.ofMinutes(5));
        server.server().alerts().runOnce();
        assertThat(incidentsOf(ruleId)).as("a disabled rule opens nothing").hasSize(1);
    }

    @Test
    void deletingARuleResolvesItsOpenIncidentAndTheSignedResolutionStillReachesTheWebhook() {
        String ruleId = createRule("Deleted while firing");
        String incidentId = openIncidentOf(ruleId);

        assertThat(send("DELETE", "/data/v1/alerts/rules/" + ruleId, null).status()).isEqualTo(200);

        JsonNode incident = server.get("/data/v1/alerts/incidents/" + incidentId).json().path("data");
        assertThat(incident.path("status").asText()).isEqualTo("resolved");
        assertThat(incident.path("resolved_reason").asText()).isEqualTo("rule_deleted");
        Received resolution = awaitMessage("incident.resolved", incidentId);
        assertThat(WebhookSignature.verify(SECRET, resolution.signature(), resolution.body(), clock.millis() / 1000, 300))
                .as("signed with the deleted rule's secret").isTrue();
        // both were created at the same clock time, so they are listed in either order
        awaitCondition("both deliveries recorded as delivered", () -> deliveriesOf(incidentId).stream().sorted().toList()
                .equals(List.of("incident.opened delivered", "incident.resolved delivered")));

        clock.advance(Duration.ofMinutes(5));
        server.server().alerts().runOnce();
        assertThat(incidentsOf(ruleId)).as("a deleted rule opens nothing").hasSize(1);
    }

    @Test
    void aRuleWithoutAnOpenIncidentIsDisabledAndDeletedWithoutAMessage() {
        String ruleId = createRule("Never fired");

        assertThat(send("PUT", "/data/v1/alerts/rules/" + ruleId, rule("Never fired", false)).status()).isEqualTo(200);
        assertThat(send("DELETE", "/data/v1/alerts/rules/" + ruleId, null).status()).isEqualTo(200);

        assertThat(incidentsOf(ruleId)).isEmpty();
        assertThat(received).isEmpty();
    }

    private String openIncidentOf(String ruleId) {
        clock.advance(Duration.ofMinutes(1));
        server.server().alerts().runOnce();
        List<JsonNode> incidents = incidentsOf(ruleId);
        assertThat(incidents).hasSize(1);
        assertThat(incidents.getFirst().path("status").asText()).isEqualTo("open");
        String incidentId = incidents.getFirst().path("id").asText();
        awaitMessage("incident.opened", incidentId);
        return incidentId;
    }

    private List<String> deliveriesOf(String incidentId) {
        List<String> deliveries = new java.util.ArrayList<>();
        server.get("/data/v1/alerts/incidents/" + incidentId).json().path("data").path("deliveries").forEach(
                delivery -> deliveries.add(delivery.path("event").asText() + " " + delivery.path("status").asText()));
        return deliveries;
    }

    private List<JsonNode> incidentsOf(String ruleId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        server.get("/data/v1/alerts/incidents").json().path("data").forEach(incident -> {
            if (incident.path("rule_id").asText().equals(ruleId)) {
                found.add(incident);
            }
        });
        return found;
    }

    private Received awaitMessage(String event, String incidentId) {
        awaitCondition(event + " of " + incidentId + " received", () -> received.stream().anyMatch(message ->
                message.event().equals(event) && message.json().path("incident").path("id").asText().equals(incidentId)));
        return received.stream().filter(message -> message.event().equals(event)
                && message.json().path("incident").path("id").asText().equals(incidentId)).findFirst().orElseThrow();
    }

    private String createRule(String name) {
        RunningServer.Response created = send("POST", "/data/v1/alerts/rules", rule(name, true));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().path("data").path("id").asText();
    }

    private String rule(String name, boolean enabled) {
        return RULE.formatted(name, enabled, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", SECRET);
    }

    private RunningServer.Response send(String method, String path, String body) {
        String credentials = Base64.getEncoder().encodeToString((RunningServer.TOKEN_ID + ":"
                + RunningServer.TOKEN_SECRET).getBytes(StandardCharsets.UTF_8));
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
