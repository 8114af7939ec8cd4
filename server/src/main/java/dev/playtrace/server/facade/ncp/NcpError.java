package dev.playtrace.server.facade.ncp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.http.HttpError;
import dev.playtrace.server.http.Json;

/** A vendor-style error answer: the HTTP status and the exact body NAVER's services send. */
final class NcpError extends HttpError {
    NcpError(int status, ObjectNode body, String message) {
        super(status, body, message);
    }

    @Override
    public ObjectNode body() {
        return (ObjectNode) super.body();
    }

    /** VPE's common error body {@code {"error": {"errorCode": "...", "message": "..."}}} (vendor_apis.md §1.3). */
    static NcpError vpe(int status, String errorCode, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("errorCode", errorCode);
        error.put("message", message);
        return new NcpError(status, body, message);
    }

    /**
     * VPE's "Unauthorized" answer: HTTP 200 with code 200 and message {@code Unauthorized} in the envelope, as VPE's
     * status table documents for a caller without access (vendor_apis.md §1.3).
     */
    static NcpError vpeUnauthorized(String reason) {
        ObjectNode body = Json.object();
        body.put("code", 200);
        body.put("message", "Unauthorized");
        body.putNull("result");
        NcpError error = new NcpError(200, body, reason);
        error.markFailedAuthentication();
        return error;
    }

    /** An API Gateway error (vendor_apis.md §2.2): {@code {"error": {"errorCode", "message", "details"}}}. */
    static NcpError gateway(int status, String errorCode, String message, String details) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("errorCode", errorCode);
        error.put("message", message);
        error.put("details", details);
        return new NcpError(status, body, details);
    }

    static NcpError authenticationFailed(String details) {
        return gateway(401, "200", "Authentication Failed", details);
    }

    /**
     * A VOD Station error with its own code (vendor_apis.md §2.3, e.g. 260002 input value error), in the shape the
     * seed documents (seeds/001): {@code {"error": {"code": 260002, "message": "..."}}}, {@code code} an Integer.
     */
    static NcpError vodStation(int status, int code, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return new NcpError(status, body, message);
    }
}
