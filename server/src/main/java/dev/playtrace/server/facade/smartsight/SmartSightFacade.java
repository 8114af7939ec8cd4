package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Credential;
import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.query.Filter;
import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.auth.EvenCostLookup;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.facade.FacadeContext;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.ErrorAnswer;
import dev.playtrace.server.http.ErrorBodyFormat;
import dev.playtrace.server.http.HttpError;
import dev.playtrace.server.http.RequestParameters;
import dev.playtrace.server.http.RouteHandlers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * MediaMelon SmartSight compatibility: the Keycloak-style token endpoint, generation 2 {@code /mm-apis/session} and
 * {@code /mm-apis/qbrData/vod} (VOD views only) with Bearer tokens, and generation 3 {@code /mm-apis/metricquery}
 * and {@code /mm-apis/listsessions} with {@code X-API-Key} (or a Bearer token). {@code customerId} is the project id.
 * Numbers come from the catalogue.
 */
public final class SmartSightFacade implements Facade {
    /** A project user for {@code grant_type=password}: key id is the username, the secret its SHA-256. */
    static final String USER_KIND = "smartsight_user";
    /** A generation 3 {@code X-API-Key}: key id and stored secret are both its SHA-256. */
    static final String API_KEY_KIND = "smartsight_api_key";
    /** The project's plan level (not a secret): key id is the project id, stored value the level. */
    static final String PLAN_LEVEL_KIND = "smartsight_planlevel";
    static final String USERNAME_VARIABLE = "PLAYTRACE_SMARTSIGHT_USERNAME";
    static final String PASSWORD_VARIABLE = "PLAYTRACE_SMARTSIGHT_PASSWORD";
    static final String API_KEY_VARIABLE = "PLAYTRACE_SMARTSIGHT_API_KEY";
    static final String PLAN_LEVEL_VARIABLE = "PLAYTRACE_SMARTSIGHT_PLANLEVEL";
    private static final String TOKEN_PATH = "/realms/{realm}/protocol/openid-connect/token";
    private static final String GENERATION_1_TOKEN_PATH = "/generateOAuthToken";
    /** Keycloak's token revocation endpoint (RFC 7009). */
    private static final String REVOKE_PATH = "/realms/{realm}/protocol/openid-connect/revoke";

    private final FacadeContext context;
    private final ProjectRepository projects;
    /** client_credentials: a client id is an API token id. */
    private final EvenCostLookup<ApiToken> clients;
    private final EvenCostLookup<Credential> users;
    private final SmartSightTokens tokens;
    private final SmartSightResults results;
    private final SmartSightSessions sessions;
    private final RouteHandlers<Project> handlers;
    private final RouteHandlers<Void> tokenHandlers;

    public SmartSightFacade(FacadeContext context) {
        this.context = requireNonNull(context, "context is null");
        this.projects = context.projects();
        this.clients = new EvenCostLookup<>(projects::findToken);
        this.users = new EvenCostLookup<>(username -> projects.findCredential(USER_KIND, username));
        this.tokens = new SmartSightTokens(context.projects(), context.secrets(), context.issuedTokens(), context.clock());
        this.results = new SmartSightResults(context.queries());
        this.sessions = new SmartSightSessions(context.queries());
        this.handlers = RouteHandlers.json(this::authenticate, ErrorBodyFormat.keepingStatus(SmartSightFacade::errorBody),
                context.timer());
        this.tokenHandlers = RouteHandlers.open(SmartSightFacade::tokenError, context.timer());
    }

    @Override
    public void register(HttpRouting.Builder routing) {
        routing.post(TOKEN_PATH, tokenHandlers.handler("POST " + TOKEN_PATH, this::token));
        // generation 1's token endpoint takes the same form fields (timed as the token route)
        routing.post(GENERATION_1_TOKEN_PATH, tokenHandlers.handler("POST " + TOKEN_PATH, this::token));
        routing.post(REVOKE_PATH, tokenHandlers.handler("POST " + REVOKE_PATH, this::revoke));
        get(routing, "/mm-apis/session/{customerId}", (project, parameters, request) -> metrics(project, parameters, request, false, true));
        get(routing, "/mm-apis/qbrData/vod/{customerId}", (project, parameters, request) -> metrics(project, parameters, request, true, true));
        // generation 3 has no planlevel
        get(routing, "/mm-apis/metricquery/{customerId}", (project, parameters, request) -> metrics(project, parameters, request, false, false));
        get(routing, "/mm-apis/listsessions/{customerId}", (project, parameters, request) -> {
            checkCustomer(project, request);
            return sessions.list(project.id(), parameters);
        });
        // any other path under /mm-apis: SmartSight's JSON error, not the server's plain-text 404
        routing.any("/mm-apis/*", (request, response) -> RouteHandlers.send(response, 404,
                errorBody(ErrorCode.NOT_FOUND, 404, "No SmartSight API at " + request.path().path())));
    }

    private void get(HttpRouting.Builder routing, String path, RouteHandlers.Endpoint<Project> endpoint) {
        handlers.get(routing, path, endpoint);
    }

    @Override
    public List<IssuedKey> issueKeys(Project project, Map<String, String> environment) {
        long nowMs = context.clock().millis();
        String username = Optional.ofNullable(environment.get(USERNAME_VARIABLE)).filter(v -> !v.isBlank()).orElse(project.id());
        String password = Optional.ofNullable(environment.get(PASSWORD_VARIABLE)).filter(v -> !v.isBlank())
                .orElseGet(() -> TokenSecrets.random("", 24));
        String apiKey = Optional.ofNullable(environment.get(API_KEY_VARIABLE)).filter(v -> !v.isBlank())
                .orElseGet(() -> TokenSecrets.random("mmk_", 24));
        projects.saveCredential(new Credential(USER_KIND, username, project.id(), TokenSecrets.sha256Hex(password), nowMs));
        String apiKeyHash = TokenSecrets.sha256Hex(apiKey);
        projects.saveCredential(new Credential(API_KEY_KIND, apiKeyHash, project.id(), apiKeyHash, nowMs));
        List<IssuedKey> keys = new ArrayList<>();
        keys.add(new IssuedKey("SmartSight username", username, USERNAME_VARIABLE));
        keys.add(new IssuedKey("SmartSight password", password, PASSWORD_VARIABLE));
        keys.add(new IssuedKey("SmartSight X-API-Key", apiKey, API_KEY_VARIABLE));
        String planLevel = environment.get(PLAN_LEVEL_VARIABLE);
        if (planLevel != null && !planLevel.isBlank()) {
            projects.saveCredential(new Credential(PLAN_LEVEL_KIND, project.id(), project.id(), planLevel.trim(), nowMs));
            keys.add(new IssuedKey("SmartSight planlevel", planLevel.trim(), PLAN_LEVEL_VARIABLE));
        }
        return keys;
    }

    // ---- data endpoints

    private JsonNode metrics(Project project, RequestParameters parameters, ServerRequest request, boolean vodOnly,
            boolean planLevelRequired) {
        checkCustomer(project, request);
        checkPlanLevel(project, parameters, planLevelRequired);
        SmartSightRequest parsed = SmartSightRequest.parse(parameters);
        List<Filter> extra = vodOnly ? List.of(Filter.equalTo(Dimension.STREAM_TYPE, "on-demand")) : List.of();
        return results.answer(project.id(), parsed, extra);
    }

    /** The path's customer must be the credential's project. */
    private static void checkCustomer(Project project, ServerRequest request) {
        String customerId = request.path().pathParameters().get("customerId");
        if (!project.id().equals(customerId)) {
            throw new PlaytraceException(ErrorCode.FORBIDDEN,
                    "the token belongs to customer '" + project.id() + "' and cannot read customer '" + customerId + "'");
        }
    }

    /** Generation 1/2 document {@code planlevel} as required: missing is a 400 naming it. */
    private void checkPlanLevel(Project project, RequestParameters parameters, boolean required) {
        Optional<String> requested = parameters.first("planlevel").map(String::trim).filter(v -> !v.isEmpty());
        if (required && requested.isEmpty()) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER,
                    "planlevel is required: the plan identifier of customer '" + project.id() + "'");
        }
        Optional<Credential> configured = projects.findCredential(PLAN_LEVEL_KIND, project.id());
        if (requested.isPresent() && configured.isPresent() && !configured.get().storedSecret().equals(requested.get())) {
            throw new PlaytraceException(ErrorCode.FORBIDDEN,
                    "planlevel '" + requested.get() + "' is not the plan level of customer '" + project.id() + "'");
        }
    }

    /** Bearer token (also a bare token, as one seed example sends), or generation 3 {@code X-API-Key}. */
    private Project authenticate(ServerRequest request) {
        Optional<String> apiKey = request.headers().first(HeaderNames.create("X-API-Key")).map(String::trim).filter(v -> !v.isEmpty());
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION).map(String::trim).filter(v -> !v.isEmpty());
        String projectId;
        if (authorization.isPresent()) {
            String value = authorization.get();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                value = value.substring(7).trim();
            } else if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw unauthenticated("SmartSight APIs take 'Authorization: Bearer <access_token>' from "
                        + "POST /realms/{realm}/protocol/openid-connect/token, or an X-API-Key header");
            }
            projectId = tokens.verifyAccess(value).projectId();
        } else if (apiKey.isPresent()) {
            String hash = TokenSecrets.sha256Hex(apiKey.get());
            Optional<Credential> found = projects.findCredential(API_KEY_KIND, hash);
            // an unknown key costs the same comparison as a known one
            if (!TokenSecrets.matchesStored(apiKey.get(), found.map(Credential::storedSecret))) {
                throw unauthenticated("unknown X-API-Key");
            }
            Credential credential = found.get();
            projectId = credential.projectId();
        } else {
            throw unauthenticated("missing 'Authorization: Bearer <access_token>' (from POST "
                    + "/realms/{realm}/protocol/openid-connect/token) or X-API-Key header");
        }
        return projects.findProject(projectId).orElseThrow(() -> unauthenticated("the token's customer no longer exists"));
    }

    /** The error body of the data endpoints: {@code {"status": 401, "error": "Unauthorized", "message": "..."}}. */
    static ObjectNode errorBody(ErrorCode code, int status, String message) {
        ObjectNode body = Json.object();
        body.put("status", status);
        body.put("error", switch (code.type()) {
            case USER_ERROR -> "Bad Request";
            case NOT_FOUND -> "Not Found";
            case UNAUTHENTICATED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case CONFLICT -> "Conflict";
            case RATE_LIMITED -> "Too Many Requests";
            case UNAVAILABLE -> "Service Unavailable";
            case INTERNAL -> "Internal Server Error";
        });
        body.put("message", message);
        return body;
    }

    // ---- token endpoint

    /** A Keycloak token error: {@code {"error": "invalid_grant", "error_description": "..."}}. */
    private record TokenError(int status, String error, String description) {
        ObjectNode body() {
            ObjectNode body = Json.object();
            body.put("error", error);
            body.put("error_description", description);
            return body;
        }
    }

    /** Core errors at the token endpoint in Keycloak's OAuth error format. */
    private static ErrorAnswer tokenError(ErrorCode code, int status, String message) {
        String error = switch (code.type()) {
            case USER_ERROR, NOT_FOUND, CONFLICT -> "invalid_request";
            case UNAUTHENTICATED, FORBIDDEN -> "unauthorized_client";
            case RATE_LIMITED -> "slow_down";
            case UNAVAILABLE -> "temporarily_unavailable";
            case INTERNAL -> "server_error";
        };
        return new ErrorAnswer(status, new TokenError(status, error, message).body());
    }

    private JsonNode token(Void anyone, RequestParameters query, ServerRequest request) {
        String body = request.content().hasEntity() ? request.content().as(String.class) : "";
        RequestParameters form;
        try {
            form = RequestParameters.parse(body);
        } catch (PlaytraceException e) {
            throw new TokenFailure(new TokenError(400, "invalid_request", e.getMessage()));
        }
        String realm = request.path().pathParameters().first("realm").orElse("smartsight");
        try {
            return grant(form, request, realm);
        } catch (TokenFailure failure) {
            // RFC 6749 §5.2: a client that authenticated with HTTP Basic gets 401 with the Basic challenge
            if (failure.status() == 401 && usedBasic(request)) {
                throw failure.challenging(realm);
            }
            throw failure;
        }
    }

    /**
     * {@code POST /realms/{realm}/protocol/openid-connect/revoke} with the form field {@code token} (an access or a
     * refresh token; {@code token_type_hint} is accepted and not needed): 200 with an empty object whether or not the
     * token was known (RFC 7009 §2.2). Holding the token is enough to revoke it: revoking only ever shortens its life.
     */
    private JsonNode revoke(Void anyone, RequestParameters query, ServerRequest request) {
        String body = request.content().hasEntity() ? request.content().as(String.class) : "";
        RequestParameters form;
        try {
            form = RequestParameters.parse(body);
        } catch (PlaytraceException e) {
            throw new TokenFailure(new TokenError(400, "invalid_request", e.getMessage()));
        }
        String token = field(form, "token");
        if (token == null) {
            throw new TokenFailure(new TokenError(400, "invalid_request", "Missing form parameter: token"));
        }
        tokens.revoke(token);
        return Json.object();
    }

    private static boolean usedBasic(ServerRequest request) {
        return request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6)).isPresent();
    }

    private static final class TokenFailure extends HttpError {
        private final TokenError error;

        TokenFailure(TokenError error) {
            this(error, Map.of());
        }

        TokenFailure(TokenError error, Map<String, String> headers) {
            super(error.status(), error.body(), headers, error.description());
            this.error = error;
            if (error.error().equals("invalid_grant") || error.error().equals("unauthorized_client")) {
                markFailedAuthentication(); // wrong client, user or refresh token, whatever the status
            }
        }

        /** The same failure with {@code WWW-Authenticate: Basic realm="<realm>"}. */
        TokenFailure challenging(String realm) {
            return new TokenFailure(error, Map.of("WWW-Authenticate", RouteHandlers.basicChallenge(realm)));
        }
    }

    private ObjectNode grant(RequestParameters form, ServerRequest request, String realm) {
        String grantType = field(form, "grant_type");
        if (grantType == null) {
            throw new TokenFailure(new TokenError(400, "invalid_request", "Missing form parameter: grant_type"));
        }
        String[] basic = basicClient(request);
        String clientId = basic != null ? basic[0] : field(form, "client_id");
        String clientSecret = basic != null ? basic[1] : field(form, "client_secret");
        String issuer = "/realms/" + realm;
        return switch (grantType) {
            case "client_credentials" -> {
                if (clientId == null || clientSecret == null) {
                    throw new TokenFailure(new TokenError(401, "unauthorized_client",
                            "client_credentials needs client_id and client_secret (an API token's id and secret)"));
                }
                // an unknown client id costs what a known one with a wrong secret does
                ApiToken token = clients.verified(clientId,
                                found -> TokenSecrets.matchesStored(clientSecret, found.map(ApiToken::secretSha256Hex)))
                        .orElseThrow(() -> new TokenFailure(new TokenError(401, "unauthorized_client",
                                "Invalid client or Invalid client credentials")));
                yield tokenResponse(tokens.issue(token.projectId(), clientId, issuer, null), form, issuer);
            }
            case "password" -> {
                String username = field(form, "username");
                String password = field(form, "password");
                if (username == null || password == null) {
                    throw new TokenFailure(new TokenError(400, "invalid_request", "password grant needs username and password"));
                }
                // an unknown user name costs what a known one with a wrong password does
                Credential user = users.verified(username,
                                found -> TokenSecrets.matchesStored(password, found.map(Credential::storedSecret)))
                        .orElseThrow(() -> new TokenFailure(new TokenError(401, "invalid_grant", "Invalid user credentials")));
                yield tokenResponse(tokens.issue(user.projectId(), clientId == null ? "smartsight-backend" : clientId, issuer, null), form, issuer);
            }
            case "refresh_token" -> {
                String refreshToken = field(form, "refresh_token");
                if (refreshToken == null) {
                    throw new TokenFailure(new TokenError(400, "invalid_request", "Missing parameter: refresh_token"));
                }
                SmartSightTokens.Verified verified;
                try {
                    verified = tokens.verifyRefresh(refreshToken);
                } catch (PlaytraceException e) {
                    throw new TokenFailure(new TokenError(400, "invalid_grant", "Invalid refresh token: " + e.getMessage()));
                }
                if (projects.findProject(verified.projectId()).isEmpty()) {
                    throw new TokenFailure(new TokenError(400, "invalid_grant", "Invalid refresh token: the customer no longer exists"));
                }
                yield tokenResponse(tokens.refresh(verified, issuer), form, issuer);
            }
            default -> throw new TokenFailure(new TokenError(400, "unsupported_grant_type",
                    "Unsupported grant_type '" + grantType + "'; use client_credentials, password or refresh_token"));
        };
    }

    /** Keycloak's token answer; {@code scope} containing {@code openid} adds an OpenID Connect {@code id_token}. */
    private ObjectNode tokenResponse(SmartSightTokens.Issued issued, RequestParameters form, String issuer) {
        ObjectNode body = Json.object();
        body.put("access_token", issued.accessToken());
        body.put("expires_in", issued.accessExpiresInSeconds());
        body.put("refresh_expires_in", issued.refreshExpiresInSeconds());
        body.put("refresh_token", issued.refreshToken());
        body.put("token_type", "Bearer");
        body.put("not-before-policy", 0);
        body.put("session_state", issued.sessionState());
        String scope = Optional.ofNullable(field(form, "scope")).orElse("");
        if (java.util.Arrays.asList(scope.trim().split("\\s+")).contains("openid")) {
            body.put("id_token", tokens.idToken(issued, issuer));
        }
        body.put("scope", scope);
        return body;
    }

    private static String[] basicClient(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.get().substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            throw new TokenFailure(new TokenError(401, "unauthorized_client", "Authorization Basic credentials are not valid base64"));
        }
    }

    private static String field(RequestParameters form, String name) {
        return form.first(name).filter(value -> !value.isEmpty()).orElse(null);
    }

    private static PlaytraceException unauthenticated(String message) {
        return new PlaytraceException(ErrorCode.UNAUTHENTICATED, message);
    }
}
