package dev.playtrace.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The one route-handler template of every JSON API (native {@code /data/v1} and each vendor facade): it times the
 * request, authenticates the caller, parses the query string, runs the endpoint and writes its JSON, or maps the
 * error to the status of its category and to the vendor's own error body ({@link ErrorBodyFormat}).
 *
 * <p>Errors: an {@link HttpError} (a vendor's own answer) is sent as it is; a {@link PlaytraceException} gets the status
 * of its category ({@link HttpStatuses}) and the vendor's body; anything else is our failure: logged with its stack
 * trace, answered 500 with a generic message and nothing of the exception. A client's mistake is never a 5xx.
 *
 * @param <P> who the caller is once authenticated (a project, or a vendor's principal with its key)
 */
public final class RouteHandlers<P> {
    private static final Logger LOG = Logger.getLogger(RouteHandlers.class.getName());
    static final String INTERNAL_MESSAGE = "internal error; see the server log";
    private static final io.helidon.http.HeaderName NCP_ACCESS_KEY = HeaderNames.create("x-ncp-iam-access-key");
    private static final io.helidon.http.HeaderName VPE_PROJECT_ID = HeaderNames.create("x-project-id");

    /** Resolves the caller or throws; it may set response headers (api.video's rate-limit counters). */
    @FunctionalInterface
    public interface Authenticator<P> {
        P authenticate(ServerRequest request, ServerResponse response);
    }

    /** One endpoint: the caller, the parsed query string and the request in, the JSON answer (200) out. */
    @FunctionalInterface
    public interface Endpoint<P> {
        JsonNode handle(P principal, RequestParameters parameters, ServerRequest request);
    }

    private final Authenticator<P> authenticator;
    private final ErrorBodyFormat errors;
    private final RequestTimer timer;
    /** The {@code WWW-Authenticate} value of a 401, for Basic schemes (RFC 9110 §11.6.1); null for the others. */
    private final String challenge;

    private RouteHandlers(Authenticator<P> authenticator, ErrorBodyFormat errors, RequestTimer timer) {
        this(authenticator, errors, timer, null);
    }

    private RouteHandlers(Authenticator<P> authenticator, ErrorBodyFormat errors, RequestTimer timer, String challenge) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.challenge = challenge;
    }

    /** These handlers, answering each 401 with {@code WWW-Authenticate: Basic realm="<realm>"} (an HTTP Basic scheme). */
    public RouteHandlers<P> challengingBasic(String realm) {
        requireNonNull(realm, "realm is null");
        return new RouteHandlers<>(authenticator, errors, timer, basicChallenge(realm));
    }

    /** {@code Basic realm="<realm>", charset="UTF-8"}. */
    public static String basicChallenge(String realm) {
        return "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\", charset=\"UTF-8\"";
    }

    /** Handlers whose authenticator may also set response headers (an admission step such as a rate limit). */
    public static <P> RouteHandlers<P> admitting(Authenticator<P> authenticator, ErrorBodyFormat errors, RequestTimer timer) {
        return new RouteHandlers<>(authenticator, errors, timer);
    }

    /** Handlers whose authenticator reads only the request. */
    public static <P> RouteHandlers<P> json(Function<ServerRequest, P> authenticator, ErrorBodyFormat errors,
            RequestTimer timer) {
        requireNonNull(authenticator, "authenticator is null");
        return new RouteHandlers<>((request, response) -> authenticator.apply(request), errors, timer);
    }

    /** Handlers of routes open to anyone (token endpoints): the endpoint checks what the body carries. */
    public static RouteHandlers<Void> open(ErrorBodyFormat errors, RequestTimer timer) {
        return new RouteHandlers<>((request, response) -> null, errors, timer);
    }

    /** Registers {@code GET path}, timed as {@code "GET " + path}. */
    public void get(HttpRouting.Builder routing, String path, Endpoint<P> endpoint) {
        routing.get(path, handler("GET " + path, endpoint));
    }

    /** Registers {@code POST path}, timed as {@code "POST " + path}. */
    public void post(HttpRouting.Builder routing, String path, Endpoint<P> endpoint) {
        routing.post(path, handler("POST " + path, endpoint));
    }

    public Handler handler(String routeName, Endpoint<P> endpoint) {
        requireNonNull(routeName, "routeName is null");
        requireNonNull(endpoint, "endpoint is null");
        return (request, response) -> {
            long startNanos = System.nanoTime();
            AuthenticationThrottle throttle = request.context().get(AuthenticationThrottle.class).orElse(null);
            String address = remoteAddress(request);
            String credentialId = throttle == null ? null : credentialId(request);
            try {
                if (throttle != null) {
                    long retryAfterSeconds = throttle.retryAfterSeconds(address, credentialId);
                    if (retryAfterSeconds > 0) {
                        response.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
                        send(response, errors.answer(ErrorCode.RATE_LIMITED, 429, "too many failed authentications from"
                                + " this address or for this credential; retry after " + retryAfterSeconds + " s"));
                        return;
                    }
                }
                P principal = authenticator.authenticate(request, response);
                RequestParameters parameters = RequestParameters.parse(request.query().rawValue());
                send(response, 200, endpoint.handle(principal, parameters, request));
            } catch (HttpError e) {
                if (e.failedAuthentication()) {
                    authenticationFailed(throttle, routeName, address, credentialId, e.status(), e.getMessage());
                }
                challenge(request, response, e.status());
                send(response, e.answer());
            } catch (PlaytraceException e) {
                int status = HttpStatuses.statusOf(e.code());
                if (e.code().type() == ErrorCode.Type.UNAUTHENTICATED) {
                    authenticationFailed(throttle, routeName, address, credentialId, status, e.getMessage());
                }
                if (status >= 500 && Thread.currentThread().isInterrupted()) {
                    LOG.info(routeName + " stopped: its client went away"); // AbandonedRequests cancelled it
                } else if (status >= 500) {
                    LOG.log(Level.SEVERE, "failure in " + routeName, e);
                }
                ErrorAnswer answer = errors.answer(e.code(), status, e.getMessage());
                challenge(request, response, answer.status());
                send(response, answer);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "unexpected failure in " + routeName, e);
                send(response, errors.answer(ErrorCode.INTERNAL, 500, INTERNAL_MESSAGE));
            } finally {
                timer.record(routeName, System.nanoTime() - startNanos);
            }
        };
    }

    private void challenge(ServerRequest request, ServerResponse response, int status) {
        if (status == 401 && challenge != null && !fromBrowserScript(request)) {
            response.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        }
    }

    /**
     * A page's own fetch ({@code Sec-Fetch-Mode} cors or same-origin, sent by every current browser): a Basic
     * challenge there would open the browser's password dialog over the dashboard's sign-in form, so it is left out.
     * API clients send no such header and get the challenge RFC 9110 asks for.
     */
    public static boolean fromBrowserScript(ServerRequest request) {
        String mode = request.headers().first(HeaderNames.create("Sec-Fetch-Mode")).orElse("");
        return mode.equals("cors") || mode.equals("same-origin");
    }

    private static void authenticationFailed(AuthenticationThrottle throttle, String routeName, String address,
            String credentialId, int status, String reason) {
        AuthenticationFailures.record(routeName, address, status, reason);
        if (throttle != null) {
            throttle.failed(address, credentialId);
        }
    }

    /**
     * The id part of the presented credentials, where a scheme has one apart from its secret: Basic's user name, NCP's
     * access key, VPE's project id.
     */
    static String credentialId(ServerRequest request) {
        String accessKey = request.headers().first(NCP_ACCESS_KEY)
                .or(() -> request.headers().first(VPE_PROJECT_ID)).orElse(null);
        if (accessKey != null) {
            return accessKey;
        }
        String authorization = request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String remoteAddress(ServerRequest request) {
        try {
            java.net.SocketAddress socketAddress = request.remotePeer().address();
            if (socketAddress instanceof java.net.InetSocketAddress inet && inet.getAddress() != null) {
                return inet.getAddress().getHostAddress(); // the host, not the port: one client, many connections
            }
            return String.valueOf(socketAddress);
        } catch (RuntimeException e) {
            return "an unknown address";
        }
    }

    public static void send(ServerResponse response, ErrorAnswer answer) {
        answer.headers().forEach(response::header);
        send(response, answer.status(), answer.body());
    }

    public static void send(ServerResponse response, int status, JsonNode body) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.bytes(body));
    }
}
