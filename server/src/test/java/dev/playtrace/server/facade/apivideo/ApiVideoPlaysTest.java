package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /analytics/videos/plays} and {@code /analytics/live-streams/plays} over {@link ApiVideoScenario}'s views. */
class ApiVideoPlaysTest extends ApiVideoScenarioServer {
    private static final String VIDEOS = "/analytics/videos/plays?from=2026-11-20";
    private static final String LIVE = "/analytics/live-streams/plays?from=2026-11-20";

    private Map<String, Long> plays(String pathAndQuery) {
        JsonNode body = ApiVideoScenario.ok(server, key, pathAndQuery);
        Map<String, Long> plays = new LinkedHashMap<>();
        body.path("data").forEach(item -> plays.put(item.path("value").asText(), item.path("plays").asLong()));
        return plays;
    }

    @Test
    void videoPlaysByVideoIdCountStartedOnDemandViewsMostFirst() {
        JsonNode body = ApiVideoScenario.ok(server, key, VIDEOS + "&dimension=videoId");

        assertThat(plays(VIDEOS + "&dimension=videoId")).containsExactly(Map.entry("vi-a", 3L), Map.entry("vi-b", 1L));
        JsonNode pagination = body.path("pagination");
        assertThat(pagination.path("currentPage").asInt()).isEqualTo(1);
        assertThat(pagination.path("currentPageItems").asInt()).isEqualTo(2);
        assertThat(pagination.path("pageSize").asInt()).isEqualTo(25);
        assertThat(pagination.path("pagesTotal").asInt()).isEqualTo(1);
        assertThat(pagination.path("itemsTotal").asInt()).isEqualTo(2);
        assertThat(pagination.path("links").findValuesAsText("rel")).containsExactly("self", "first", "last");
        assertThat(pagination.path("links").get(0).path("uri").asText())
                .isEqualTo("/analytics/videos/plays?from=2026-11-20&dimension=videoId&currentPage=1&pageSize=25");
    }

    @Test
    void videoPlaysByEveryOtherDimensionUseApiVideoValues() {
        assertThat(plays(VIDEOS + "&dimension=country"))
                .containsExactly(Map.entry("france", 3L), Map.entry("united states", 1L));
        assertThat(plays(VIDEOS + "&dimension=deviceType"))
                .containsExactly(Map.entry("computer", 2L), Map.entry("phone", 1L), Map.entry("tablet", 1L));
        assertThat(plays(VIDEOS + "&dimension=operatingSystem")).containsExactly(Map.entry("android", 1L),
                Map.entry("ios", 1L), Map.entry("mac osx", 1L), Map.entry("windows", 1L));
        assertThat(plays(VIDEOS + "&dimension=browser"))
                .containsExactly(Map.entry("chrome", 2L), Map.entry("firefox", 1L), Map.entry("safari", 1L));
    }

    @Test
    void filterOnOneVideoKeepsItsPlaysOnly() {
        assertThat(plays(VIDEOS + "&dimension=country&filter=videoId:vi-a"))
                .containsExactly(Map.entry("france", 2L), Map.entry("united states", 1L));
        assertThat(plays(VIDEOS + "&to=2026-11-20&dimension=browser&filter=videoId:vi-a"))
                .containsExactly(Map.entry("chrome", 1L), Map.entry("safari", 1L));
    }

    @Test
    void livePlaysCountLiveViewsOnly() {
        assertThat(plays(LIVE + "&dimension=liveStreamId")).containsExactly(Map.entry("li-1", 1L));
        assertThat(plays(LIVE + "&dimension=country&filter=liveStreamId:li-1")).containsExactly(Map.entry("united kingdom", 1L));
        assertThat(plays(LIVE + "&dimension=deviceType")).containsExactly(Map.entry("tv", 1L));
        assertThat(plays(LIVE + "&dimension=browser")).containsExactly(Map.entry("samsung", 1L));
        assertThat(plays(LIVE + "&dimension=operatingSystem")).containsExactly(Map.entry("tizen", 1L));
    }

    @Test
    void emittedAtOverTwoDaysIsHourlyWithEveryBucket() {
        Map<String, Long> hourly = plays(VIDEOS + "&to=2026-11-21&dimension=emittedAt&pageSize=100");

        assertThat(hourly).hasSize(48);
        assertThat(hourly.keySet().iterator().next()).isEqualTo("2026-11-20 00:00:00+00:00");
        assertThat(hourly.get("2026-11-20 12:00:00+00:00")).isEqualTo(2);
        assertThat(hourly.get("2026-11-20 13:00:00+00:00")).isEqualTo(1);
        assertThat(hourly.get("2026-11-21 09:00:00+00:00")).isEqualTo(1);
        assertThat(hourly.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
    }

    @Test
    void emittedAtOverThreeDaysIsDailyUpToNow() {
        assertThat(plays(VIDEOS + "&to=2026-11-22&dimension=emittedAt")).containsExactly(
                Map.entry("2026-11-20 00:00:00+00:00", 3L), Map.entry("2026-11-21 00:00:00+00:00", 1L),
                Map.entry("2026-11-22 00:00:00+00:00", 0L));
    }

    @Test
    void pagingFollowsTheLinksThroughEveryPage() {
        List<String> values = new ArrayList<>();
        String uri = VIDEOS + "&to=2026-11-21&dimension=emittedAt&pageSize=10";
        int pages = 0;
        List<String> previousRels = new ArrayList<>();
        while (uri != null) {
            JsonNode body = ApiVideoScenario.ok(server, key, uri);
            pages++;
            JsonNode pagination = body.path("pagination");
            assertThat(pagination.path("currentPage").asInt()).isEqualTo(pages);
            assertThat(pagination.path("pagesTotal").asInt()).isEqualTo(5);
            assertThat(pagination.path("itemsTotal").asInt()).isEqualTo(48);
            assertThat(pagination.path("currentPageItems").asInt()).isEqualTo(pages < 5 ? 10 : 8);
            body.path("data").forEach(item -> values.add(item.path("value").asText()));
            previousRels = pagination.path("links").findValuesAsText("rel");
            uri = null;
            for (JsonNode link : pagination.path("links")) {
                if (link.path("rel").asText().equals("next")) {
                    uri = link.path("uri").asText();
                }
            }
        }
        assertThat(pages).isEqualTo(5);
        assertThat(values).hasSize(48).doesNotHaveDuplicates();
        assertThat(previousRels).containsExactly("self", "first", "previous", "last");
        JsonNode middle = ApiVideoScenario.ok(server, key, VIDEOS + "&to=2026-11-21&dimension=emittedAt&pageSize=10&currentPage=2");
        assertThat(middle.path("pagination").path("links").findValuesAsText("rel"))
                .containsExactly("self", "first", "previous", "next", "last");
        assertThat(middle.path("pagination").path("links").get(2).path("uri").asText())
                .isEqualTo("/analytics/videos/plays?from=2026-11-20&to=2026-11-21&dimension=emittedAt&currentPage=1&pageSize=10");
    }

    @Test
    void videoIdPagesOfOneItem() {
        JsonNode second = ApiVideoScenario.ok(server, key, VIDEOS + "&dimension=videoId&pageSize=1&currentPage=2");

        assertThat(second.path("data").get(0).path("value").asText()).isEqualTo("vi-b");
        assertThat(second.path("pagination").path("pagesTotal").asInt()).isEqualTo(2);
        assertThat(second.path("pagination").path("links").findValuesAsText("rel")).containsExactly("self", "first", "previous", "last");
    }

    @Test
    void nativeApiGivesTheSameNumbers() {
        String window = "timeframe[]=" + Instant.parse("2026-11-20T00:00:00Z").getEpochSecond()
                + "&timeframe[]=" + Instant.parse("2026-11-22T00:00:00Z").getEpochSecond();
        JsonNode breakdown = server.get("/data/v1/metrics/plays/breakdown?group_by=video_id&order_by=field&order_direction=asc"
                + "&filters[]=%21stream_type:live&" + window).json();
        Map<String, Long> nativePlays = new LinkedHashMap<>();
        breakdown.path("data").forEach(row -> {
            if (row.path("value").asLong() > 0) {
                nativePlays.put(row.path("field").asText(), row.path("value").asLong());
            }
        });
        assertThat(nativePlays).isEqualTo(plays(VIDEOS + "&dimension=videoId"));

        JsonNode countries = server.get("/data/v1/metrics/plays/breakdown?group_by=country&filters[]=video_id:vi-a&" + window).json();
        Map<String, Long> byCountry = new LinkedHashMap<>();
        countries.path("data").forEach(row -> byCountry.put(row.path("field").asText(), row.path("value").asLong()));
        assertThat(byCountry).containsEntry("FR", 2L).containsEntry("US", 1L);

        JsonNode live = server.get("/data/v1/metrics/plays/overall?filters[]=stream_type:live&" + window).json();
        assertThat(live.path("data").path("value").asLong()).isEqualTo(1);
    }

    @Test
    void everyDocumentedBadRequestBody() {
        assertError(VIDEOS, 400, "{\"type\":\"https://docs.api.video/reference/invalid-attribute\",\"title\":\"An attribute is invalid.\",\"status\":400,\"detail\":\"This value must be of type string.\",\"name\":\"dimension\"}");
        assertError(VIDEOS + "&dimension=city", 400, "{\"type\":\"https://docs.api.video/reference/request-invalid-query-parameter\",\"title\":\"A query parameter is invalid.\",\"status\":400,\"detail\":\"This value must be part of the following values: emittedAt,videoId,country,deviceType,operatingSystem,browser\",\"name\":\"dimension\"}");
        assertError(LIVE + "&dimension=videoId", 400, "{\"type\":\"https://docs.api.video/reference/request-invalid-query-parameter\",\"title\":\"A query parameter is invalid.\",\"status\":400,\"detail\":\"This value must be part of the following values: emittedAt,liveStreamId,country,deviceType,operatingSystem,browser\",\"name\":\"dimension\"}");
        assertError(VIDEOS + "&dimension=country&filter=vi-a", 400, "{\"type\":\"https://docs.api.video/reference/request-invalid-query-parameter\",\"title\":\"A query parameter is invalid.\",\"status\":400,\"detail\":\"This value must be of the following structure(s): videoId:{videoId}\",\"name\":\"filter\"}");
        assertError(LIVE + "&dimension=country&filter=videoId:li-1", 400, "{\"type\":\"https://docs.api.video/reference/request-invalid-query-parameter\",\"title\":\"A query parameter is invalid.\",\"status\":400,\"detail\":\"This value must be of the following structure(s): liveStreamId:{liveStreamId}\",\"name\":\"filter\"}");
        assertError(VIDEOS + "&dimension=country&filter=videoId:vi-zzz", 400, "{\"type\":\"https://docs.api.video/reference/request-invalid-query-parameter\",\"title\":\"A query parameter is invalid.\",\"status\":400,\"detail\":\"This value must refer to an existing video\",\"name\":\"filter\"}");
        assertError(LIVE + "&dimension=country&filter=liveStreamId:vi-a", 400, "{\"type\":\"https://docs.api.video/reference/request-invalid-query-parameter\",\"title\":\"A query parameter is invalid.\",\"status\":400,\"detail\":\"This value must refer to an existing live stream\",\"name\":\"filter\"}");
    }

    @Test
    void badDatesAndPagingAreClientErrorsNamingTheParameter() {
        assertThat(badRequestName("/analytics/videos/plays?dimension=videoId")).isEqualTo("from");
        assertThat(badRequestName("/analytics/videos/plays?dimension=videoId&from=20-11-2026")).isEqualTo("from");
        assertThat(badRequestName("/analytics/videos/plays?dimension=videoId&from=2026-10-01")).isEqualTo("from");
        assertThat(badRequestName(VIDEOS + "&dimension=videoId&to=2026-11-19")).isEqualTo("to");
        assertThat(badRequestName(VIDEOS + "&dimension=videoId&pageSize=101")).isEqualTo("pageSize");
        assertThat(badRequestName(VIDEOS + "&dimension=videoId&pageSize=0")).isEqualTo("pageSize");
        assertThat(badRequestName(VIDEOS + "&dimension=videoId&currentPage=0")).isEqualTo("currentPage");
        assertThat(badRequestName(VIDEOS + "&dimension=videoId&currentPage=x")).isEqualTo("currentPage");
    }

    @Test
    void unknownEndpointIsTheDocumented404() {
        assertError("/analytics/videos/plays/extra/path", 404, "{\"type\":null,\"title\":null,\"name\":null,\"status\":404}");
        assertError("/analytics/unknown", 404, "{\"type\":null,\"title\":null,\"name\":null,\"status\":404}");
    }

    @Test
    void disabledAnalyticsAnswer403WithRateLimitHeaders() {
        ApiVideoFacade.setAnalyticsEnabled(server.server().projects(), RunningServer.PROJECT_ID, false, clock.millis());

        RunningServer.Response response = ApiVideoScenario.basic(server, key, VIDEOS + "&dimension=videoId");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json()).isEqualTo(json("{\"type\":\"https://docs.api.video/reference/authorization-disabled-analytics\",\"title\":\"You cannot get analytics from this project.\",\"status\":403}"));
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("60");

        ApiVideoFacade.setAnalyticsEnabled(server.server().projects(), RunningServer.PROJECT_ID, true, clock.millis());
        assertThat(ApiVideoScenario.basic(server, key, VIDEOS + "&dimension=videoId").status()).isEqualTo(200);
    }

    private String badRequestName(String pathAndQuery) {
        RunningServer.Response response = ApiVideoScenario.basic(server, key, pathAndQuery);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("type").asText()).startsWith("https://docs.api.video/reference/");
        assertThat(response.json().path("status").asInt()).isEqualTo(400);
        assertThat(response.header("X-RateLimit-Remaining")).isNotNull();
        return response.json().path("name").asText();
    }

    private void assertError(String pathAndQuery, int status, String expectedJson) {
        RunningServer.Response response = ApiVideoScenario.basic(server, key, pathAndQuery);
        assertThat(response.status()).as(pathAndQuery + " → " + response.body()).isEqualTo(status);
        assertThat(response.json()).as(pathAndQuery).isEqualTo(json(expectedJson));
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("60");
        assertThat(response.header("X-RateLimit-Remaining")).isNotNull();
        assertThat(response.header("X-RateLimit-Retry-After")).isNotNull();
    }

    private static JsonNode json(String text) {
        try {
            return dev.playtrace.server.http.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
