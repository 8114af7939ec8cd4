package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Credential;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.auth.RateLimits;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.facade.FacadeContext;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.JsonHandlers;
import dev.playtrace.server.http.RequestParameters;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The api.video analytics API (vendor_apis.md §4): token and Basic auth with per-project API keys, the plays
 * analytics of videos and live streams, the raw player sessions and their events, and a token-bucket rate limit per
 * API key with {@code X-RateLimit-*} headers on every analytics response.
 *
 * <p>Settings, read by the composition root: {@code PLAYTRACE_APIVIDEO_API_KEY} fixes the default project's key;
 * {@code PLAYTRACE_APIVIDEO_RATE_LIMIT} sets the requests per minute per key
 * ({@link dev.playtrace.server.facade.FacadeSettings#apiVideoRateLimitPerMinute()}, default 60). Issued tokens and
 * the rate-limit buckets live in the store, shared by every query node.
 * Analytics can be disabled per project ({@link #setAnalyticsEnabled}), which makes the analytics routes answer 403.
 */
public final class ApiVideoFacade implements Facade {
    public static final String API_KEY_VARIABLE = "PLAYTRACE_APIVIDEO_API_KEY";
    public static final String RATE_LIMIT_VARIABLE = "PLAYTRACE_APIVIDEO_RATE_LIMIT";
    /** Prefix of this facade's rate-limit bucket keys in the store. */
    static final String RATE_LIMIT_KEY_PREFIX = "apivideo:";
    /** Credential kind of the per-project setting: key id = project id, stored secret "true" when disabled. */
    public static final String ANALYTICS_DISABLED_KIND = "apivideo_analytics_disabled";

    private static final Logger LOG = Logger.getLogger(ApiVideoFacade.class.getName());

    private final FacadeContext context;
    private final ApiVideoAuth auth;
    private final RateLimits limits;
    private final int rateLimitPerMinute;
    private final PlaysApi plays;
    private final SessionsApi sessions;
    private final DataApi data;

    public ApiVideoFacade(FacadeContext context) {
        this.context = requireNonNull(context, "context is null");
        this.auth = new ApiVideoAuth(context.projects(), context.issuedTokens(), context.clock());
        this.limits = context.rateLimits();
        this.rateLimitPerMinute = context.settings().apiVideoRateLimitPerMinute();
        this.plays = new PlaysApi(context.queries(), context.clock());
        this.sessions = new SessionsApi(context.queries(), context.clock());
        this.data = new DataApi(context.queries(), context.clock());
    }

    @Override
    public List<IssuedKey> issueKeys(Project project, Map<String, String> environment) {
        String fixed = environment.get(API_KEY_VARIABLE);
        String apiKey = fixed == null || fixed.isBlank() ? TokenSecrets.random("", 32) : fixed.trim();
        auth.saveKey(project, apiKey);
        return List.of(new IssuedKey("api.video API key", apiKey, API_KEY_VARIABLE));
    }

    /** Turns the api.video analytics of a project on or off (off: every analytics route answers 403). */
    public static void setAnalyticsEnabled(ProjectRepository projects, String projectId, boolean enabled, long nowMs) {
        projects.saveCredential(new Credential(ANALYTICS_DISABLED_KIND, projectId, projectId,
                Boolean.toString(!enabled), nowMs));
    }

    private boolean analyticsDisabled(Project project) {
        return context.projects().findCredential(ANALYTICS_DISABLED_KIND, project.id())
                .map(setting -> setting.storedSecret().equals("true")).orElse(false);
    }

    @Override
    public void register(HttpRouting.Builder routing) {
        routing.post("/auth/api-key", authHandler("POST /auth/api-key", body -> auth.exchangeApiKey(text(body, "apiKey"))));
        routing.post("/auth/refresh", authHandler("POST /auth/refresh", body -> auth.refresh(text(body, "refreshToken"))));
        // the plays routes must come before the {videoId} and {liveStreamId} patterns
        analytics(routing, "/analytics/videos/plays", (principal, request) ->
                plays.plays(PlaysApi.Kind.VIDEOS, principal.project(), parameters(request)));
        analytics(routing, "/analytics/live-streams/plays", (principal, request) ->
                plays.plays(PlaysApi.Kind.LIVE_STREAMS, principal.project(), parameters(request)));
        analytics(routing, "/analytics/videos/{videoId}", (principal, request) ->
                sessions.sessions(principal.project(), request.path().pathParameters().get("videoId"), false,
                        request.query().rawValue(), request.path().rawPath()));
        analytics(routing, "/analytics/live-streams/{liveStreamId}", (principal, request) ->
                sessions.sessions(principal.project(), request.path().pathParameters().get("liveStreamId"), true,
                        request.query().rawValue(), request.path().rawPath()));
        analytics(routing, "/analytics/sessions/{sessionId}/events", (principal, request) ->
                sessions.events(principal.project(), request.path().pathParameters().get("sessionId"),
                        parameters(request), request.path().rawPath()));
        analytics(routing, "/data/metrics/{metric}/{aggregation}", (principal, request) ->
                data.metric(principal.project(), request.path().pathParameters().get("metric"),
                        request.path().pathParameters().get("aggregation"), request.query().rawValue()));
        analytics(routing, "/data/buckets/{metric}/{breakdown}", (principal, request) ->
                data.buckets(principal.project(), request.path().pathParameters().get("metric"),
                        request.path().pathParameters().get("breakdown"), request.query().rawValue(),
                        request.path().rawPath()));
        analytics(routing, "/data/timeseries/{metric}", (principal, request) ->
                data.timeseries(principal.project(), request.path().pathParameters().get("metric"),
                        request.query().rawValue(), request.path().rawPath()));
        routing.any("/analytics/*", handler("/analytics/*", (principal, request) -> {
            throw ApiVideoException.unknownEndpoint();
        }));
    }

    private static RequestParameters parameters(ServerRequest request) {
        return RequestParameters.parse(request.query().rawValue());
    }

    @FunctionalInterface
    private interface Endpoint {
        ObjectNode handle(ApiVideoAuth.Principal principal, ServerRequest request);
    }

    @FunctionalInterface
    private interface AuthEndpoint {
        ApiVideoAuth.AccessToken handle(JsonNode body);
    }

    private void analytics(HttpRouting.Builder routing, String path, Endpoint endpoint) {
        routing.get(path, handler("GET " + path, endpoint));
    }

    /** Authenticates, counts the request against the key's bucket, checks the project setting, then answers. */
    private Handler handler(String routeName, Endpoint endpoint) {
        return (request, response) -> {
            long startNanos = System.nanoTime();
            try {
                ApiVideoAuth.Principal principal = auth.authenticate(request);
                RateLimits.Decision decision = limits.take(RATE_LIMIT_KEY_PREFIX + principal.keyId(), rateLimitPerMinute);
                response.header("X-RateLimit-Limit", Integer.toString(decision.limit()));
                response.header("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
                response.header("X-RateLimit-Retry-After", Long.toString(decision.retryAfterSeconds()));
                if (!decision.allowed()) {
                    throw ApiVideoException.tooManyRequests();
                }
                if (analyticsDisabled(principal.project())) {
                    throw ApiVideoException.analyticsDisabled();
                }
                JsonHandlers.send(response, 200, endpoint.handle(principal, request));
            } catch (ApiVideoException e) {
                if (e.status() == 401) {
                    response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
                }
                JsonHandlers.send(response, e.status(), e.body());
            } catch (PlaytraceException e) {
                sendUnexpected(routeName, response, e);
            } catch (RuntimeException e) {
                sendUnexpected(routeName, response, e);
            } finally {
                context.timer().record(routeName, System.nanoTime() - startNanos);
            }
        };
    }

    private Handler authHandler(String routeName, AuthEndpoint endpoint) {
        return (request, response) -> {
            long startNanos = System.nanoTime();
            try {
                JsonNode body = readJson(request);
                ApiVideoAuth.AccessToken token = endpoint.handle(body);
                ObjectNode answer = Json.object();
                answer.put("token_type", "Bearer");
                answer.put("expires_in", token.expiresInSeconds());
                answer.put("access_token", token.accessToken());
                answer.put("refresh_token", token.refreshToken());
                JsonHandlers.send(response, 200, answer);
            } catch (ApiVideoException e) {
                JsonHandlers.send(response, e.status(), e.body());
            } catch (RuntimeException e) {
                sendUnexpected(routeName, response, e);
            } finally {
                context.timer().record(routeName, System.nanoTime() - startNanos);
            }
        };
    }

    /** A request body that is not a JSON object counts as wrong credentials (api.video's only documented 400 here). */
    private static JsonNode readJson(ServerRequest request) {
        if (!request.content().hasEntity()) {
            throw ApiVideoException.invalidCredentials();
        }
        try {
            JsonNode body = Json.MAPPER.readTree(request.content().as(String.class));
            if (body == null || !body.isObject()) {
                throw ApiVideoException.invalidCredentials();
            }
            return body;
        } catch (IOException e) {
            throw ApiVideoException.invalidCredentials();
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiVideoException.invalidCredentials();
        }
        return value.asText();
    }

    private static void sendUnexpected(String routeName, ServerResponse response, RuntimeException e) {
        if (e instanceof PlaytraceException playtrace && dev.playtrace.server.http.HttpStatuses.statusOf(playtrace.code()) < 500) {
            // a client mistake only the core noticed: api.video's generic invalid-query-parameter body
            int status = dev.playtrace.server.http.HttpStatuses.statusOf(playtrace.code());
            ObjectNode body = status == 404 ? ApiVideoException.unknownEndpoint().body()
                    : ApiVideoException.invalidQueryParameter(e.getMessage(), null).body();
            JsonHandlers.send(response, status == 404 ? 404 : 400, body);
            return;
        }
        LOG.log(Level.SEVERE, "unexpected failure in " + routeName, e);
        ObjectNode body = Json.object();
        body.put("type", "https://docs.api.video/reference/internal-error");
        body.put("title", "Internal error; see the server log.");
        body.put("status", 500);
        JsonHandlers.send(response, 500, body);
    }
}
