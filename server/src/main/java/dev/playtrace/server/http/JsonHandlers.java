package dev.playtrace.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Turns an authenticated JSON endpoint into a Helidon handler: authenticates, parses the query string, runs it,
 * and writes either the JSON result or an error body in the facade's own style. Nothing a client sends can make it
 * answer 5xx; only a failure of ours does.
 */
public final class JsonHandlers {
    private static final Logger LOG = Logger.getLogger(JsonHandlers.class.getName());

    /** An endpoint of one facade. */
    @FunctionalInterface
    public interface Endpoint {
        JsonNode handle(Project project, RequestParameters parameters, ServerRequest request);
    }

    /** How one facade writes an error body. */
    @FunctionalInterface
    public interface ErrorStyle {
        ObjectNode body(ErrorCode code, int status, String message);
    }

    private final Function<ServerRequest, Project> authenticator;
    private final ErrorStyle errorStyle;
    private final RequestTimer timer;

    public JsonHandlers(Function<ServerRequest, Project> authenticator, ErrorStyle errorStyle, RequestTimer timer) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.errorStyle = requireNonNull(errorStyle, "errorStyle is null");
        this.timer = requireNonNull(timer, "timer is null");
    }

    public Handler handler(String routeName, Endpoint endpoint) {
        return (request, response) -> {
            long startNanos = System.nanoTime();
            try {
                Project project = authenticator.apply(request);
                RequestParameters parameters = RequestParameters.parse(request.query().rawValue());
                send(response, 200, endpoint.handle(project, parameters, request));
            } catch (PlaytraceException e) {
                int status = HttpStatuses.statusOf(e.code());
                if (status >= 500) {
                    LOG.log(Level.SEVERE, "failure in " + routeName, e);
                }
                send(response, status, errorStyle.body(e.code(), status, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "unexpected failure in " + routeName, e);
                send(response, 500, errorStyle.body(ErrorCode.INTERNAL, 500, "internal error; see the server log"));
            } finally {
                timer.record(routeName, System.nanoTime() - startNanos);
            }
        };
    }

    public static void send(ServerResponse response, int status, JsonNode body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.bytes(body));
    }

    /** Records how long each route took (Prometheus query latency). */
    @FunctionalInterface
    public interface RequestTimer {
        void record(String routeName, long elapsedNanos);
    }
}
