package dev.playtrace.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.server.nativeapi.NativeApi;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The route-handler template: what each kind of failure becomes on the wire, and that every request is timed. */
class RouteHandlersTest {
    private final List<String> timedRoutes = new CopyOnWriteArrayList<>();
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(RouteHandlers.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private WebServer server;

    @BeforeEach
    void start() {
        logger.addHandler(capture);
        RouteHandlers<String> handlers = RouteHandlers.json(request -> {
            if (request.headers().contains(io.helidon.http.HeaderNames.create("X-Deny"))) {
                throw new PlaytraceException(ErrorCode.UNAUTHENTICATED, "who are you");
            }
            return "caller";
        }, NativeApi.ERRORS, (route, nanos) -> timedRoutes.add(route));
        HttpRouting.Builder routing = HttpRouting.builder();
        handlers.get(routing, "/ok", (caller, parameters, request) ->
                Json.object().put("caller", caller).put("limit", parameters.integer("limit", 1, 10).orElse(5)));
        handlers.get(routing, "/bug", (caller, parameters, request) -> {
            throw new IllegalStateException("secret detail of our bug");
        });
        handlers.get(routing, "/store", (caller, parameters, request) -> {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the store failed to read");
        });
        handlers.get(routing, "/vendor", (caller, parameters, request) -> {
            throw new HttpError(418, Json.object().put("teapot", true), Map.of("X-Vendor", "yes"), "vendor answer");
        });
        server = WebServer.builder().port(0).shutdownHook(false).routing(routing).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        logger.removeHandler(capture);
    }

    @Test
    void anAnswerIs200AndTheRequestIsTimedUnderItsRouteName() throws Exception {
        HttpResponse<String> response = get("/ok?limit=7", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("caller").asText()).isEqualTo("caller");
        assertThat(json(response).path("limit").asInt()).isEqualTo(7);
        assertThat(timedRoutesOnceRecorded()).containsExactly("GET /ok");
    }

    /** The handler records its time after the answer is sent: the client may see the answer first. */
    private List<String> timedRoutesOnceRecorded() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (timedRoutes.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return timedRoutes;
    }

    @Test
    void aClientMistakeIsItsCategorysStatusInTheVendorsBody() throws Exception {
        HttpResponse<String> response = get("/ok?limit=11", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").path("type").asText()).isEqualTo("invalid_parameters");
        assertThat(json(response).path("error").path("messages").get(0).asText()).contains("limit must be between 1 and 10");
        assertThat(logged).isEmpty();
    }

    @Test
    void aRefusedCallerIs401AndTheRequestIsStillTimed() throws Exception {
        HttpResponse<String> response = get("/ok", Map.of("X-Deny", "1"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("error").path("type").asText()).isEqualTo("unauthorized");
        assertThat(timedRoutesOnceRecorded()).containsExactly("GET /ok");
    }

    @Test
    void anUnexpectedExceptionIs500WithAGenericBodyAndALogLineWithItsStackTrace() throws Exception {
        HttpResponse<String> response = get("/bug", Map.of());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).path("error").path("type").asText()).isEqualTo("internal_error");
        assertThat(json(response).path("error").path("messages").get(0).asText())
                .isEqualTo("internal error; see the server log");
        assertThat(response.body()).doesNotContain("secret detail", "IllegalStateException", "\tat ");
        assertThat(logged).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).contains("GET /bug");
            assertThat(record.getThrown()).hasMessage("secret detail of our bug");
        });
    }

    @Test
    void anInternalCategoryIs500AndLogged() throws Exception {
        HttpResponse<String> response = get("/store", Map.of());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).path("error").path("type").asText()).isEqualTo("internal_error");
        assertThat(logged).hasSize(1);
    }

    @Test
    void aVendorsOwnAnswerIsSentAsItIsWithItsHeaders() throws Exception {
        HttpResponse<String> response = get("/vendor", Map.of());

        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(json(response).path("teapot").asBoolean()).isTrue();
        assertThat(response.headers().firstValue("X-Vendor")).contains("yes");
        assertThat(logged).isEmpty();
    }

    private HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + pathAndQuery)).GET();
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }
}
