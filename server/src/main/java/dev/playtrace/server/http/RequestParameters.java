package dev.playtrace.server.http;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Query-string parameters with keys and values percent-decoded. Array parameters ({@code filters[]=a&filters[]=b})
 * are repeated keys; a trailing {@code []} on a key is ignored so {@code filters} and {@code filters[]} are one name.
 */
public final class RequestParameters {
    private final Map<String, List<String>> values;

    private RequestParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static RequestParameters parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new RequestParameters(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (key.endsWith("[]")) {
                key = key.substring(0, key.length() - 2);
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new RequestParameters(values);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "malformed percent-encoding in query string: " + text);
        }
    }

    public Optional<String> first(String name) {
        List<String> all = values.get(name);
        return all == null || all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<Integer> integer(String name, int min, int max) {
        Optional<String> text = first(name);
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value < min || value > max) {
                throw new PlaytraceException(ErrorCode.INVALID_PARAMETER,
                        name + " must be between " + min + " and " + max + ", was " + value);
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, name + " must be an integer, was '" + text.get() + "'");
        }
    }
}
