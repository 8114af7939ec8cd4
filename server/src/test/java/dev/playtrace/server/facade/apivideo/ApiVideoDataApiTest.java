package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** api.video's current {@code /data/...} analytics over {@link ApiVideoScenario}'s views, checked against {@code /data/v1}. */
class ApiVideoDataApiTest extends ApiVideoScenarioServer {
    private static final String FROM = "from=2026-11-20T00:00:00%2B00:00";
    private static final String NATIVE_WINDOW = "timeframe[]=" + Instant.parse("2026-11-20T00:00:00Z").getEpochSecond()
            + "&timeframe[]=" + ApiVideoScenario.NOW.getEpochSecond();

    private double nativeOverall(String metric, String extra) {
        RunningServer.Response response = server.get("/data/v1/metrics/" + metric + "/overall?" + NATIVE_WINDOW + extra);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("data").path("value").asDouble();
    }

    private Map<String, Long> buckets(String pathAndQuery) {
        Map<String, Long> values = new LinkedHashMap<>();
        ApiVideoScenario.ok(server, key, pathAndQuery).path("data")
                .forEach(item -> values.put(item.path("dimensionValue").asText(), item.path("metricValue").asLong()));
        return values;
    }

    @Test
    void metricCountsMatchTheNativeApi() {
        JsonNode plays = ApiVideoScenario.ok(server, key, "/data/metrics/play/count?" + FROM);
        assertThat(plays.path("data").asLong()).isEqualTo(5);
        assertThat(plays.path("context").path("metric").asText()).isEqualTo("play");
        assertThat(plays.path("context").path("aggregation").asText()).isEqualTo("count");
        assertThat(plays.path("context").path("timeframe").path("from").asText()).isEqualTo("2026-11-20T00:00:00+00:00");
        assertThat(plays.path("context").path("timeframe").path("to").asText()).isEqualTo("2026-11-22T10:00:00+00:00");
        assertThat((double) plays.path("data").asLong()).isEqualTo(nativeOverall("plays", ""));

        assertThat(ApiVideoScenario.ok(server, key, "/data/metrics/impression/count?" + FROM).path("data").asLong()).isEqualTo(6);
        assertThat(ApiVideoScenario.ok(server, key, "/data/metrics/play/count?" + FROM + "&filterBy[mediaType]=video")
                .path("data").asLong()).isEqualTo(4);
        assertThat(ApiVideoScenario.ok(server, key, "/data/metrics/play/count?" + FROM + "&filterBy[mediaId]=vi-a")
                .path("data").asLong()).isEqualTo(3);
        assertThat(ApiVideoScenario.ok(server, key, "/data/metrics/play/count?" + FROM + "&filterBy[deviceType]=computer")
                .path("data").asLong()).isEqualTo(2);
        assertThat(ApiVideoScenario.ok(server, key, "/data/metrics/play/count?" + FROM + "&filterBy[browser]=chrome&filterBy[country]=fr")
                .path("data").asLong()).isEqualTo(2);
        assertThat((double) ApiVideoScenario.ok(server, key, "/data/metrics/end/count?" + FROM).path("data").asLong())
                .isEqualTo(nativeOverall("ended_plays", ""));
        assertThat(ApiVideoScenario.ok(server, key, "/data/metrics/watch-time/sum?" + FROM).path("data").asDouble())
                .isCloseTo(nativeOverall("watch_time", "") / 1000, within(1e-9));
    }

    @Test
    void bucketsByEveryBreakdown() {
        assertThat(buckets("/data/buckets/play/media-type?" + FROM))
                .containsExactly(Map.entry("video", 4L), Map.entry("live-stream", 1L));
        assertThat(buckets("/data/buckets/play/media-id?" + FROM))
                .containsExactly(Map.entry("vi-a", 3L), Map.entry("li-1", 1L), Map.entry("vi-b", 1L));
        assertThat(buckets("/data/buckets/play/country?" + FROM))
                .containsExactly(Map.entry("FR", 3L), Map.entry("GB", 1L), Map.entry("US", 1L));
        assertThat(buckets("/data/buckets/play/device-type?" + FROM + "&sortBy=dimensionValue&sortOrder=asc"))
                .containsExactly(Map.entry("computer", 2L), Map.entry("phone", 1L), Map.entry("tablet", 1L), Map.entry("tv", 1L));
        assertThat(buckets("/data/buckets/play/browser?" + FROM + "&filterBy[mediaType]=video"))
                .containsExactly(Map.entry("chrome", 2L), Map.entry("firefox", 1L), Map.entry("safari", 1L));
        assertThat(buckets("/data/buckets/impression/operating-system?" + FROM + "&sortOrder=asc")).containsExactly(
                Map.entry("android", 1L), Map.entry("ios", 1L), Map.entry("mac osx", 1L), Map.entry("tizen", 1L),
                Map.entry("windows", 2L));
        JsonNode paged = ApiVideoScenario.ok(server, key, "/data/buckets/play/media-id?" + FROM + "&pageSize=2&currentPage=2");
        assertThat(paged.path("data").get(0).path("dimensionValue").asText()).isEqualTo("vi-b");
        assertThat(paged.path("pagination").path("pagesTotal").asInt()).isEqualTo(2);
        assertThat(paged.path("pagination").path("links").get(0).path("uri").asText())
                .isEqualTo("/data/buckets/play/media-id?from=2026-11-20T00:00:00%2B00:00&currentPage=2&pageSize=2");
        assertThat(paged.path("context").path("breakdown").asText()).isEqualTo("media-id");
    }

    @Test
    void timeseriesHasEveryBucketOfTheInterval() {
        JsonNode body = ApiVideoScenario.ok(server, key, "/data/timeseries/play?" + FROM + "&interval=day");

        assertThat(body.path("data")).isEqualTo(json("""
                [{"emittedAt":"2026-11-20T00:00:00+00:00","metricValue":4},
                 {"emittedAt":"2026-11-21T00:00:00+00:00","metricValue":1},
                 {"emittedAt":"2026-11-22T00:00:00+00:00","metricValue":0}]"""));
        assertThat(body.path("context").path("interval").asText()).isEqualTo("day");
        JsonNode hourly = ApiVideoScenario.ok(server, key, "/data/timeseries/play?" + FROM + "&pageSize=100");
        assertThat(hourly.path("pagination").path("itemsTotal").asInt()).isEqualTo(58);
        long sum = 0;
        for (JsonNode point : hourly.path("data")) {
            sum += point.path("metricValue").asLong();
        }
        assertThat(sum).isEqualTo(5);
    }

    @Test
    void badParametersAreNamed() {
        assertThat(badRequestName("/data/metrics/seek/count?" + FROM)).isEqualTo("metric");
        assertThat(badRequestName("/data/metrics/play/rate?" + FROM)).isEqualTo("aggregation");
        assertThat(badRequestName("/data/buckets/play/continent?" + FROM)).isEqualTo("breakdown");
        assertThat(badRequestName("/data/metrics/play/count?from=2026-11-20")).isEqualTo("from");
        assertThat(badRequestName("/data/metrics/play/count?from=2026-10-01T00:00:00Z")).isEqualTo("from");
        assertThat(badRequestName("/data/metrics/play/count?" + FROM + "&to=2026-11-19T00:00:00Z")).isEqualTo("to");
        assertThat(badRequestName("/data/metrics/play/count?" + FROM + "&filterBy[tag]=x")).isEqualTo("filterBy");
        assertThat(badRequestName("/data/timeseries/play?" + FROM + "&interval=minute")).isEqualTo("interval");
        assertThat(badRequestName("/data/buckets/play/country?" + FROM + "&sortBy=emittedAt")).isEqualTo("sortBy");
    }

    private String badRequestName(String pathAndQuery) {
        RunningServer.Response response = ApiVideoScenario.basic(server, key, pathAndQuery);
        assertThat(response.status()).as(pathAndQuery + " → " + response.body()).isEqualTo(400);
        assertThat(response.json().path("type").asText()).isEqualTo("https://docs.api.video/reference/request-invalid-query-parameter");
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("60");
        return response.json().path("name").asText();
    }

    private static JsonNode json(String text) {
        try {
            return dev.playtrace.server.http.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
