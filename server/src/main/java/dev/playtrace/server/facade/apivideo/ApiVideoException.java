package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.HttpError;
import dev.playtrace.server.http.Json;

import java.util.Map;

/** An api.video error answer: its HTTP status and the exact body api.video documents for it. */
final class ApiVideoException extends HttpError {
    static final String INVALID_ATTRIBUTE = "https://docs.api.video/reference/invalid-attribute";
    static final String INVALID_QUERY_PARAMETER = "https://docs.api.video/reference/request-invalid-query-parameter";

    private ApiVideoException(int status, ObjectNode body) {
        this(status, body, Map.of());
    }

    private ApiVideoException(int status, ObjectNode body, Map<String, String> headers) {
        super(status, body, headers, body.toString());
    }

    @Override
    public ObjectNode body() {
        return (ObjectNode) super.body();
    }

    /** 400 {@code AnalyticsPlays400Error}: {@code {type, title, status, detail, name}}. */
    static ApiVideoException badRequest(String type, String detail, String name) {
        ObjectNode body = Json.object();
        body.put("type", type);
        body.put("title", type.equals(INVALID_ATTRIBUTE) ? "An attribute is invalid." : "A query parameter is invalid.");
        body.put("status", 400);
        body.put("detail", detail);
        body.put("name", name);
        return new ApiVideoException(400, body);
    }

    /** A required query parameter is missing (api.video's documented body for a missing {@code dimension}). */
    static ApiVideoException missing(String name) {
        return badRequest(INVALID_ATTRIBUTE, "This value must be of type string.", name);
    }

    static ApiVideoException invalidQueryParameter(String detail, String name) {
        return badRequest(INVALID_QUERY_PARAMETER, detail, name);
    }

    /** 400 of {@code POST /auth/api-key} and {@code /auth/refresh}. */
    static ApiVideoException invalidCredentials() {
        ObjectNode body = Json.object();
        body.put("type", "https://docs.api.video/docs/authenticationinvalid_credentials");
        body.put("title", "The user credentials were incorrect.");
        body.put("name", "");
        body.put("status", 400);
        ApiVideoException error = new ApiVideoException(400, body);
        error.markFailedAuthentication();
        return error;
    }

    /**
     * 401 for a missing, malformed, expired or unknown credential on an analytics route. api.video's OAS documents no
     * body for it; this is the shape of its other errors with the type its current documentation uses.
     */
    static ApiVideoException unauthorized() {
        ObjectNode body = Json.object();
        body.put("type", "https://docs.api.video/reference/unauthorized");
        body.put("title", "Unauthorized request.");
        body.put("status", 401);
        return new ApiVideoException(401, body, Map.of("WWW-Authenticate", "Bearer"));
    }

    /** 403 {@code Model403ErrorSchema}: analytics are disabled for the project. */
    static ApiVideoException analyticsDisabled() {
        ObjectNode body = Json.object();
        body.put("type", "https://docs.api.video/reference/authorization-disabled-analytics");
        body.put("title", "You cannot get analytics from this project.");
        body.put("status", 403);
        return new ApiVideoException(403, body);
    }

    /** 404 of the raw-statistics routes: {@code name} is the path parameter that names no resource. */
    static ApiVideoException resourceNotFound(String name) {
        ObjectNode body = Json.object();
        body.put("type", "https://docs.api.video/docs/resourcenot_found");
        body.put("title", "The requested resource was not found.");
        body.put("name", name);
        body.put("status", 404);
        return new ApiVideoException(404, body);
    }

    /** 404 {@code NotFound} for an unknown endpoint: every field null but the status. */
    static ApiVideoException unknownEndpoint() {
        ObjectNode body = Json.object();
        body.putNull("type");
        body.putNull("title");
        body.putNull("name");
        body.put("status", 404);
        return new ApiVideoException(404, body);
    }

    /** 429 {@code TooManyRequests}. */
    static ApiVideoException tooManyRequests() {
        ObjectNode body = Json.object();
        body.put("type", "https://docs.api.video/reference/too-many-requests");
        body.put("title", "Too many requests.");
        body.put("status", 429);
        return new ApiVideoException(429, body);
    }
}
