package dev.playtrace.server.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An error already in a vendor's wire format (its own status and body, e.g. VPE's HTTP 200 "Unauthorized" or
 * api.video's 429), thrown by a facade's authenticator or endpoint where the vendor documents an answer that no
 * error category describes. {@link RouteHandlers} sends it as it is. No stack trace: it is an answer, not a failure.
 */
public class HttpError extends RuntimeException {
    private final transient ErrorAnswer answer;
    private boolean failedAuthentication;

    public HttpError(ErrorAnswer answer, String message) {
        super(message, null, false, false);
        this.answer = requireNonNull(answer, "answer is null");
    }

    public HttpError(int status, JsonNode body, String message) {
        this(new ErrorAnswer(status, body), message);
    }

    public HttpError(int status, JsonNode body, Map<String, String> headers, String message) {
        this(new ErrorAnswer(status, body, headers), message);
    }

    /**
     * Marks this answer as a failed authentication although its status is not 401 (VPE's 200 "Unauthorized",
     * api.video's 400 invalid credentials, Keycloak's 400 {@code invalid_grant}): it is logged, counted in
     * {@code /metrics} and limited like every 401.
     */
    protected void markFailedAuthentication() {
        failedAuthentication = true;
    }

    /** A 401, or an answer its vendor gives for wrong credentials with another status. */
    public boolean failedAuthentication() {
        return failedAuthentication || answer.status() == 401;
    }

    public ErrorAnswer answer() {
        return answer;
    }

    public int status() {
        return answer.status();
    }

    public JsonNode body() {
        return answer.body();
    }
}
