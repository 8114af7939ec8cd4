package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * Where a ClickHouse store lives: the part of {@code clickhouse://host:8123/playtrace?user=u&password=p} after the
 * scheme. The database is created when missing; the user defaults to ClickHouse's {@code default} without password.
 */
record ClickHouseLocation(String host, int httpPort, String database, String user, String password) {
    static final int DEFAULT_HTTP_PORT = 8123;
    static final String DEFAULT_DATABASE = "playtrace";

    ClickHouseLocation {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw invalid("the database name must be letters, digits and underscores, was '" + database + "'");
        }
    }

    /** Parses the location after {@code clickhouse:}, which starts with {@code //host}. */
    static ClickHouseLocation parse(String location) {
        requireNonNull(location, "location is null");
        if (!location.startsWith("//")) {
            throw invalid("a ClickHouse store URL is clickhouse://host:8123/database, was 'clickhouse:" + location + "'");
        }
        URI uri;
        try {
            uri = new URI("http:" + location);
        } catch (URISyntaxException e) {
            throw invalid("a ClickHouse store URL is clickhouse://host:8123/database: " + e.getMessage());
        }
        if (uri.getHost() == null) {
            throw invalid("the ClickHouse store URL 'clickhouse:" + location + "' names no host");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String user = "default";
        String password = "";
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> throw invalid("unknown ClickHouse store URL parameter '" + name
                            + "' (known: user, password)");
                }
            }
        }
        return new ClickHouseLocation(uri.getHost(), uri.getPort() < 0 ? DEFAULT_HTTP_PORT : uri.getPort(),
                path.isEmpty() ? DEFAULT_DATABASE : path, user, password);
    }

    URI httpEndpoint() {
        return URI.create("http://" + host + ":" + httpPort + "/");
    }

    private static PlaytraceException invalid(String message) {
        return new PlaytraceException(ErrorCode.INVALID_PARAMETER, message);
    }

    @Override
    public String toString() {
        return "clickhouse://" + host + ":" + httpPort + "/" + database; // never the password
    }
}
