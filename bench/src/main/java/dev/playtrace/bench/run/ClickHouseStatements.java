package dev.playtrace.bench.run;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Statements the store's interface has no call for (a table's merge), sent to ClickHouse's HTTP interface. */
final class ClickHouseStatements {
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private ClickHouseStatements() {
    }

    static void execute(int httpPort, String database, String sql) {
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/?database="
                + URLEncoder.encode(database, StandardCharsets.UTF_8));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + " to " + sql + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse did not answer " + sql + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ClickHouse ran " + sql, e);
        }
    }
}
