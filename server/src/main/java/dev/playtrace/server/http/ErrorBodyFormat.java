package dev.playtrace.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.model.ErrorCode;

/**
 * One vendor's error wire format: the answer to a categorized error. {@code status} is what {@link HttpStatuses}
 * maps the category to; most vendors keep it and only shape the body ({@link #keepingStatus}), a few answer another
 * status (NCP's VOD Station answers 401 for a forbidden call, api.video 400 for every client mistake but 404).
 * For an unexpected failure {@link RouteHandlers} asks for {@link ErrorCode#INTERNAL} with a generic message.
 */
@FunctionalInterface
public interface ErrorBodyFormat {
    ErrorAnswer answer(ErrorCode code, int status, String message);

    /** A body writer for formats that keep the category's status. */
    @FunctionalInterface
    interface Body {
        JsonNode body(ErrorCode code, int status, String message);
    }

    static ErrorBodyFormat keepingStatus(Body body) {
        return (code, status, message) -> new ErrorAnswer(status, body.body(code, status, message));
    }
}
