package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.Credential;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.auth.RateLimits;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.facade.FacadeContext;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.ErrorAnswer;
import dev.playtrace.server.http.RouteHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;

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
        RouteHandlers<Void> tokenHandlers = RouteHandlers.open(ApiVideoFacade::errorAnswer, context.timer());
        RouteHandlers<ApiVideoAuth.Principal> handlers = RouteHandlers.admitting(this::admit, ApiVideoFacade::errorAnswer,
                context.timer());
        tokenHandlers.post(routing, "/auth/api-key", (anyone, parameters, request) ->
                tokenAnswer(auth.exchangeApiKey(text(readJson(request), "apiKey"))));
        tokenHandlers.post(routing, "/auth/refresh", (anyone, parameters, request) ->
                tokenAnswer(auth.refresh(text(readJson(request), "refreshToken"))));
        // the plays routes must come before the {videoId} and {liveStreamId} patterns
        handlers.get(routing, "/analytics/videos/plays", (principal, parameters, request) ->
                plays.plays(PlaysApi.Kind.VIDEOS, principal.project(), parameters));
        handlers.get(routing, "/analytics/live-streams/plays", (principal, parameters, request) ->
                plays.plays(PlaysApi.Kind.LIVE_STREAMS, principal.project(), parameters));
        handlers.get(routing, "/analytics/videos/{videoId}", (principal, parameters, request) ->
                sessions.sessions(principal.project(), request.path().pathParameters().get("videoId"), false,
                        request.query().rawValue(), request.path().rawPath()));
        handlers.get(routing, "/analytics/live-streams/{liveStreamId}", (principal, parameters, request) ->
                sessions.sessions(principal.project(), request.path().pathParameters().get("liveStreamId"), true,
                        request.query().rawValue(), request.path().rawPath()));
        handlers.get(routing, "/analytics/sessions/{sessionId}/events", (principal, parameters, request) ->
                sessions.events(principal.project(), request.path().pathParameters().get("sessionId"),
                        parameters, request.path().rawPath()));
        handlers.get(routing, "/data/metrics/{metric}/{aggregation}", (principal, parameters, request) ->
                data.metric(principal.project(), request.path().pathParameters().get("metric"),
                        request.path().pathParameters().get("aggregation"), request.query().rawValue()));
        handlers.get(routing, "/data/buckets/{metric}/{breakdown}", (principal, parameters, request) ->
                data.buckets(principal.project(), request.path().pathParameters().get("metric"),
                        request.path().pathParameters().get("breakdown"), request.query().rawValue(),
                        request.path().rawPath()));
        handlers.get(routing, "/data/timeseries/{metric}", (principal, parameters, request) ->
                data.timeseries(principal.project(), request.path().pathParameters().get("metric"),
                        request.query().rawValue(), request.path().rawPath()));
        routing.any("/analytics/*", handlers.handler("/analytics/*", (principal, parameters, request) -> {
            throw ApiVideoException.unknownEndpoint();
        }));
    }

    /** Authenticates, counts the request against the key's bucket (headers on every answer), checks the project. */
    private ApiVideoAuth.Principal admit(ServerRequest request, ServerResponse response) {
        ApiVideoAuth.Principal principal = auth.authenticate(request);
        RateLimits.Decision decision = limits.take(RATE_LIMIT_KEY_PREFIX + principal.keyId(), rateLimitPerMinute);
        response.header("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.header("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        response.header("X-RateLimit-Retry-After", Long.toString(decision.retryAfterSeconds()));
        if (!decision.allowed()) {
            throw new PlaytraceException(ErrorCode.RATE_LIMITED,
                    "more than " + decision.limit() + " requests a minute with this API key");
        }
        if (analyticsDisabled(principal.project())) {
            throw ApiVideoException.analyticsDisabled();
        }
        return principal;
    }

    /**
     * api.video's answer to a core error: a client mistake only the core noticed gets its generic invalid-query-parameter
     * body (404 its unknown-endpoint body), our failure its internal-error body.
     */
    private static ErrorAnswer errorAnswer(ErrorCode code, int status, String message) {
        return switch (code.type()) {
            case USER_ERROR, UNAUTHENTICATED, FORBIDDEN, CONFLICT ->
                    ApiVideoException.invalidQueryParameter(message, null).answer();
            case NOT_FOUND -> ApiVideoException.unknownEndpoint().answer();
            case RATE_LIMITED -> ApiVideoException.tooManyRequests().answer();
            case UNAVAILABLE -> {
                ObjectNode body = Json.object();
                body.put("type", "https://docs.api.video/reference/internal-error");
                body.put("title", "Service unavailable: " + message);
                body.put("status", 503);
                yield new ErrorAnswer(503, body);
            }
            case INTERNAL -> {
                ObjectNode body = Json.object();
                body.put("type", "https://docs.api.video/reference/internal-error");
                body.put("title", "Internal error; see the server log.");
                body.put("status", 500);
                yield new ErrorAnswer(500, body);
            }
        };
    }

    private static ObjectNode tokenAnswer(ApiVideoAuth.AccessToken token) {
        ObjectNode answer = Json.object();
        answer.put("token_type", "Bearer");
        answer.put("expires_in", token.expiresInSeconds());
        answer.put("access_token", token.accessToken());
        answer.put("refresh_token", token.refreshToken());
        return answer;
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
}
