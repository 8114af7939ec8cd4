package dev.playtrace.server.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** An error response in one vendor's wire format: the HTTP status, the exact body, and any headers it needs. */
public record ErrorAnswer(int status, JsonNode body, Map<String, String> headers) {
    public ErrorAnswer {
        requireNonNull(body, "body is null");
        headers = Map.copyOf(requireNonNull(headers, "headers is null"));
    }

    public ErrorAnswer(int status, JsonNode body) {
        this(status, body, Map.of());
    }
}
