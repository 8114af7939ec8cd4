package dev.playtrace.bench.run;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Statements the store's interface has no call for (a table's merge, a bulk copy, a row count), sent to ClickHouse's
 * HTTP interface.
 */
final class ClickHouseStatements {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private ClickHouseStatements() {
    }

    static void execute(int httpPort, String database, String sql) {
        execute(httpPort, database, sql, Map.of());
    }

    /** Runs {@code sql} in {@code database} with ClickHouse settings ({@code insert_distributed_sync=1}, ...). */
    static void execute(int httpPort, String database, String sql, Map<String, String> settings) {
        send(httpPort, database, sql, settings);
    }

    /** The single number a query such as {@code SELECT count() FROM views} answers. */
    static long queryLong(int httpPort, String database, String sql) {
        String body = send(httpPort, database, sql + " FORMAT TabSeparated", Map.of()).strip();
        try {
            return Long.parseLong(body);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("ClickHouse answered '" + body + "' to " + sql + ", not a number", e);
        }
    }

    private static String send(int httpPort, String database, String sql, Map<String, String> settings) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("database", database);
        parameters.putAll(settings);
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/?" + parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + " to " + sql + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse did not answer " + sql + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ClickHouse ran " + sql, e);
        }
    }
}
