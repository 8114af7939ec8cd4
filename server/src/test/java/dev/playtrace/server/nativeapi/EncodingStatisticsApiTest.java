package dev.playtrace.server.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code GET /data/v1/encoding/statistics} over jobs reported through the native API, the hour after T0:
 * <pre>
 * file  category  requested (T0 +)  each step  path                          wait     encode
 * a     movies    0 s               1 s        running → complete            1000     1000
 * b     movies    60 s              3 s        running → complete            3000     3000
 * c     movies    120 s             2 s        running → failure             2000     -
 * d     shorts    180 s             0.5 s      running                       500      -
 * e     (none)    15 min            -          (waiting)                     -        -
 * </pre>
 */
class EncodingStatisticsApiTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final long T0_MS = T0.toEpochMilli();
    private static final String HOUR_AFTER_T0 = "timeframe[]=" + T0_MS / 1000 + "&timeframe[]=" + (T0_MS / 1000 + 3600);

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void post(String path, String json) {
        String credentials = Base64.getEncoder().encodeToString(
                (RunningServer.TOKEN_ID + ":" + RunningServer.TOKEN_SECRET).getBytes(StandardCharsets.UTF_8));
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
    }

    private void job(String fileId, Integer categoryId, long requestedAtOffsetMs, long stepMs, String... transitions) {
        clock.set(T0_MS + requestedAtOffsetMs);
        post("/data/v1/encoding/jobs", "{\"file_id\":\"" + fileId + "\""
                + (categoryId == null ? "" : ",\"category_id\":" + categoryId) + "}");
        for (String status : transitions) {
            clock.advance(Duration.ofMillis(stepMs));
            String reason = status.equals("failure") ? ",\"reason\":\"codec not supported\"" : "";
            post("/data/v1/encoding/jobs/" + fileId + "/status", "{\"status\":\"" + status + "\"" + reason + "}");
        }
    }

    private void reportJobs() {
        post("/data/v1/encoding/categories", "{\"name\":\"movies\"}");
        post("/data/v1/encoding/categories", "{\"name\":\"shorts\"}");
        job("a", 1, 0, 1_000, "running", "complete");
        job("b", 1, 60_000, 3_000, "running", "complete");
        job("c", 1, 120_000, 2_000, "running", "failure");
        job("d", 2, 180_000, 500, "running");
        job("e", null, 15 * 60_000, 0);
        clock.set(T0_MS + 3_600_000);
    }

    private JsonNode statistics(String query) {
        RunningServer.Response response = server.get("/data/v1/encoding/statistics?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void anHourOfJobsInTenMinuteBucketsWithTheNativeEnvelope() {
        reportJobs();
        JsonNode body = statistics(HOUR_AFTER_T0 + "&granularity=ten_minutes");

        assertThat(body.path("timeframe").toString()).isEqualTo("[" + T0_MS / 1000 + "," + (T0_MS / 1000 + 3600) + "]");
        assertThat(body.path("total_row_count").isNull()).isTrue();
        assertThat(body.path("meta").path("granularity").asText()).isEqualTo("ten_minutes");
        JsonNode data = body.path("data");
        assertThat(data.path("jobs").asLong()).isEqualTo(5);
        assertThat(data.path("jobs_by_status").toString())
                .isEqualTo("{\"waiting\":1,\"running\":1,\"complete\":2,\"failure\":1,\"canceled\":0}");
        List<String> buckets = new ArrayList<>();
        data.path("timeseries").forEach(bucket -> buckets.add(bucket.path("bucket_start").asText() + " "
                + bucket.path("jobs_by_status").toString()));
        assertThat(buckets).containsExactly(
                "2026-11-20T10:00:00Z {\"waiting\":0,\"running\":1,\"complete\":2,\"failure\":1,\"canceled\":0}",
                "2026-11-20T10:10:00Z {\"waiting\":1,\"running\":0,\"complete\":0,\"failure\":0,\"canceled\":0}",
                "2026-11-20T10:20:00Z {\"waiting\":0,\"running\":0,\"complete\":0,\"failure\":0,\"canceled\":0}",
                "2026-11-20T10:30:00Z {\"waiting\":0,\"running\":0,\"complete\":0,\"failure\":0,\"canceled\":0}",
                "2026-11-20T10:40:00Z {\"waiting\":0,\"running\":0,\"complete\":0,\"failure\":0,\"canceled\":0}",
                "2026-11-20T10:50:00Z {\"waiting\":0,\"running\":0,\"complete\":0,\"failure\":0,\"canceled\":0}");
    }

    @Test
    void durationsAreExactPercentilesOfTheJobsThatCompletedOrStarted() {
        reportJobs();
        JsonNode durations = statistics(HOUR_AFTER_T0).path("data").path("durations");

        JsonNode encoding = durations.path("encoding"); // a and b: 1000, 3000 ms
        assertThat(encoding.path("jobs").asLong()).isEqualTo(2);
        assertThat(encoding.path("median_ms").asDouble()).isEqualTo(2_000.0);
        assertThat(encoding.path("p95_ms").asDouble()).isCloseTo(2_900.0, within(1e-6));
        assertThat(encoding.path("max_ms").asLong()).isEqualTo(3_000);
        JsonNode waiting = durations.path("waiting"); // a b c d: 500, 1000, 2000, 3000 ms
        assertThat(waiting.path("jobs").asLong()).isEqualTo(4);
        assertThat(waiting.path("median_ms").asDouble()).isEqualTo(1_500.0);
        assertThat(waiting.path("p95_ms").asDouble()).isCloseTo(2_850.0, within(1e-6));
        assertThat(waiting.path("max_ms").asLong()).isEqualTo(3_000);
    }

    @Test
    void categoriesCountFailuresWithTheirTopReason() {
        reportJobs();
        List<String> rows = new ArrayList<>();
        statistics(HOUR_AFTER_T0).path("data").path("categories").forEach(row -> rows.add(row.path("category_id").asText()
                + " " + row.path("name").asText() + " " + row.path("jobs").asLong() + " " + row.path("failures").asLong()
                + " " + row.path("failure_percentage").asText() + " " + row.path("top_failure_reason").asText()));
        assertThat(rows).containsExactly(
                "1 movies 3 1 33.333333333333336 codec not supported",
                "2 shorts 1 0 0.0 null",
                "null null 1 0 0.0 null");
    }

    @Test
    void aPeriodWithoutJobsHasZeroCountsAndNullDurations() {
        reportJobs();
        ProjectAdmin.Credentials other = server.createProject("other");
        RunningServer.Response response = server.get("/data/v1/encoding/statistics?" + HOUR_AFTER_T0,
                other.tokenId(), other.tokenSecret());
        assertThat(response.status()).isEqualTo(200);
        JsonNode data = response.json().path("data");
        assertThat(data.path("jobs").asLong()).isZero();
        assertThat(data.path("durations").path("encoding").toString())
                .isEqualTo("{\"jobs\":0,\"median_ms\":null,\"p95_ms\":null,\"max_ms\":null}");
        assertThat(data.path("categories").size()).isZero();
        assertThat(response.json().path("meta").path("granularity").asText()).isEqualTo("minute"); // 1 h < 90 min
    }

    @Test
    void badParametersAreTheClientsMistake() {
        for (String query : List.of("filters[]=country:US", "granularity=week", "timeframe[]=soon",
                "timeframe[]=0&timeframe[]=4000000000&granularity=minute")) {
            RunningServer.Response response = server.get("/data/v1/encoding/statistics?" + query);
            assertThat(response.status()).as(query + " " + response.body()).isEqualTo(400);
            assertThat(response.json().path("error").path("type").asText()).isEqualTo("invalid_parameters");
        }
        assertThat(server.getWithoutAuth("/data/v1/encoding/statistics").status()).isEqualTo(401);
    }
}
