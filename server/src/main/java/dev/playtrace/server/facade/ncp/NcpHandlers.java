package dev.playtrace.server.facade.ncp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.server.http.HttpStatuses;
import dev.playtrace.server.http.JsonHandlers;
import dev.playtrace.server.http.RequestParameters;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;

import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Turns an NCP endpoint into a Helidon handler: authenticates the caller the vendor's way, runs the endpoint and
 * writes the result or the vendor's error body. A client's mistake never gives a 5xx.
 */
final class NcpHandlers {
    private static final Logger LOG = Logger.getLogger(NcpHandlers.class.getName());

    /** One endpoint of the NCP facade. */
    @FunctionalInterface
    interface Endpoint {
        JsonNode handle(Project project, RequestParameters parameters, ServerRequest request);
    }

    /** Resolves the caller's project or throws an {@link NcpError}. */
    @FunctionalInterface
    interface Authenticator {
        Project authenticate(ServerRequest request);
    }

    /** Translates a core error (bad parameter, unknown metric, ...) into the vendor's error. */
    @FunctionalInterface
    interface ErrorTranslator {
        NcpError translate(ErrorCode code, int status, String message);
    }

    private final Authenticator authenticator;
    private final ErrorTranslator errors;
    private final JsonHandlers.RequestTimer timer;

    NcpHandlers(Authenticator authenticator, ErrorTranslator errors, JsonHandlers.RequestTimer timer) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.timer = requireNonNull(timer, "timer is null");
    }

    Handler handler(String routeName, Endpoint endpoint) {
        return (request, response) -> {
            long startNanos = System.nanoTime();
            try {
                Project project = authenticator.authenticate(request);
                RequestParameters parameters = RequestParameters.parse(request.query().rawValue());
                JsonHandlers.send(response, 200, endpoint.handle(project, parameters, request));
            } catch (NcpError e) {
                JsonHandlers.send(response, e.status(), e.body());
            } catch (PlaytraceException e) {
                int status = HttpStatuses.statusOf(e.code());
                if (status >= 500) {
                    LOG.log(Level.SEVERE, "failure in " + routeName, e);
                }
                NcpError error = errors.translate(e.code(), status, e.getMessage());
                JsonHandlers.send(response, error.status(), error.body());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "unexpected failure in " + routeName, e);
                NcpError error = errors.translate(ErrorCode.INTERNAL, 500, "internal error; see the server log");
                JsonHandlers.send(response, error.status(), error.body());
            } finally {
                timer.record(routeName, System.nanoTime() - startNanos);
            }
        };
    }
}
