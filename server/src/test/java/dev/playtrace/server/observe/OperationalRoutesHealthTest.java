package dev.playtrace.server.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.http.Json;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health} is 503 DOWN, saying which part and why, when the listener or this process's ingest has stopped: the
 * process still answers HTTP on open connections, so a supervisor must be told.
 */
class OperationalRoutesHealthTest {
    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final AtomicReference<Optional<String>> ingestFailure = new AtomicReference<>(Optional.empty());
    private WebServer server;

    @BeforeEach
    void start() {
        OperationalRoutes routes = new OperationalRoutes(new ServerMetrics(() -> 0), () -> 3, "duckdb",
                listening::get, ingestFailure::get);
        server = WebServer.builder().port(0).host("127.0.0.1").routing(routes::register).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void healthyWhenTheListenerAndTheIngestWork() throws Exception {
        HttpResponse<String> health = health();

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("ingest").asText()).isEqualTo("UP");
        assertThat(body.has("ingest_failure")).isFalse();
        assertThat(body.path("live_views").asInt()).isEqualTo(3);
    }

    @Test
    void downWithTheReasonWhenTheIngestStopped() throws Exception {
        ingestFailure.set(Optional.of("the sessionizer worker stopped: java.lang.IllegalStateException: disk gone"));

        HttpResponse<String> health = health();

        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("listener").asText()).isEqualTo("UP");
        assertThat(body.path("ingest").asText()).isEqualTo("DOWN");
        assertThat(body.path("ingest_failure").asText()).contains("disk gone");
    }

    @Test
    void downWhenTheListenerStopped() throws Exception {
        listening.set(false);

        HttpResponse<String> health = health();

        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(health.body());
        assertThat(body.path("listener").asText()).isEqualTo("DOWN");
        assertThat(body.path("ingest").asText()).isEqualTo("UP");
    }

    private HttpResponse<String> health() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
