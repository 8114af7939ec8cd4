package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.model.TimeRange;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The raw-statistics routes: player sessions of a video or live stream and a session's events. */
class ApiVideoSessionsTest extends ApiVideoScenarioServer {
    private static final String NOT_FOUND = "{\"type\":\"https://docs.api.video/docs/resourcenot_found\",\"title\":\"The requested resource was not found.\",\"name\":\"%s\",\"status\":404}";

    private List<String> sessionIds(String pathAndQuery) {
        List<String> ids = new ArrayList<>();
        ApiVideoScenario.ok(server, key, pathAndQuery).path("data")
                .forEach(item -> ids.add(item.path("session").path("sessionId").asText()));
        return ids;
    }

    @Test
    void videoSessionsOfADayCarryEveryBlock() {
        JsonNode body = ApiVideoScenario.ok(server, key, "/analytics/videos/vi-a?period=2026-11-20");

        assertThat(body.path("data")).hasSize(2);
        JsonNode first = body.path("data").get(0);
        assertThat(first).isEqualTo(json("""
                {"session":{"sessionId":"s1","loadedAt":"2026-11-20T12:00:00.000Z","endedAt":"2026-11-20T12:00:31.000Z","metadata":[]},
                 "location":{"country":"France","city":null},
                 "referrer":{"url":null,"medium":"unknown","source":"unknown","searchTerm":"unknown"},
                 "device":{"type":"desktop","vendor":"Dell","model":"XPS 13"},
                 "os":{"name":"Windows","shortname":"WIN","version":"unknown"},
                 "client":{"type":"browser","name":"Chrome","version":"120.0"}}"""));
        assertThat(body.path("data").get(1).path("session").path("sessionId").asText()).isEqualTo("s2");
        assertThat(body.path("pagination").path("itemsTotal").asInt()).isEqualTo(2);
        assertThat(body.path("pagination").path("links").get(0).path("uri").asText())
                .isEqualTo("/analytics/videos/vi-a?period=2026-11-20&currentPage=1&pageSize=25");
    }

    @Test
    void everyPeriodFormatSelectsItsSessions() {
        assertThat(sessionIds("/analytics/videos/vi-a?period=2026")).containsExactly("s1", "s2", "s6");
        assertThat(sessionIds("/analytics/videos/vi-a?period=2026-11")).containsExactly("s1", "s2", "s6");
        assertThat(sessionIds("/analytics/videos/vi-a?period=2026-W47")).containsExactly("s1", "s2", "s6");
        assertThat(sessionIds("/analytics/videos/vi-a?period=2026-W48")).isEmpty();
        assertThat(sessionIds("/analytics/videos/vi-a?period=2026-11-21/2026-11-22")).containsExactly("s6");
        assertThat(sessionIds("/analytics/videos/vi-b?period=2026-11-20")).containsExactly("s3", "s4");
        assertThat(sessionIds("/analytics/videos/vi-a?period=2026-11&metadata%5BAuthor%5D=John")).isEmpty();
    }

    @Test
    void sessionsPageThroughTheLinks() {
        String uri = "/analytics/videos/vi-a?period=2026-11&pageSize=2";
        List<String> ids = new ArrayList<>();
        int pages = 0;
        while (uri != null) {
            JsonNode body = ApiVideoScenario.ok(server, key, uri);
            pages++;
            assertThat(body.path("pagination").path("pagesTotal").asInt()).isEqualTo(2);
            body.path("data").forEach(item -> ids.add(item.path("session").path("sessionId").asText()));
            uri = null;
            for (JsonNode link : body.path("pagination").path("links")) {
                if (link.path("rel").asText().equals("next")) {
                    uri = link.path("uri").asText();
                }
            }
        }
        assertThat(pages).isEqualTo(2);
        assertThat(ids).containsExactly("s1", "s2", "s6");
    }

    @Test
    void liveStreamSessionsHaveNoMetadata() {
        JsonNode body = ApiVideoScenario.ok(server, key, "/analytics/live-streams/li-1?period=2026-11-20");

        assertThat(body.path("data")).hasSize(1);
        JsonNode session = body.path("data").get(0);
        assertThat(session.path("session").path("sessionId").asText()).isEqualTo("s5");
        assertThat(session.path("session").has("metadata")).isFalse();
        assertThat(session.path("location").path("country").asText()).isEqualTo("United Kingdom");
        assertThat(session.path("device").path("type").asText()).isEqualTo("tv");
    }

    @Test
    void sessionEventsAreMappedFromPlayerEvents() {
        JsonNode body = ApiVideoScenario.ok(server, key, "/analytics/sessions/s1/events");

        assertThat(body.path("data")).isEqualTo(json("""
                [{"type":"ready","emittedAt":"2026-11-20T12:00:00.000Z","at":0},
                 {"type":"play","emittedAt":"2026-11-20T12:00:00.000Z","at":0},
                 {"type":"pause","emittedAt":"2026-11-20T12:00:05.000Z","at":4},
                 {"type":"resume","emittedAt":"2026-11-20T12:00:08.000Z","at":4},
                 {"type":"seek.forward","emittedAt":"2026-11-20T12:00:14.000Z","from":10,"to":40},
                 {"type":"end","emittedAt":"2026-11-20T12:00:30.000Z","at":55}]"""));
        assertThat(body.path("pagination").path("itemsTotal").asInt()).isEqualTo(6);

        JsonNode second = ApiVideoScenario.ok(server, key, "/analytics/sessions/s1/events?pageSize=4&currentPage=2");
        assertThat(second.path("data").findValuesAsText("type")).containsExactly("seek.forward", "end");
        assertThat(second.path("pagination").path("links").findValuesAsText("rel")).containsExactly("self", "first", "previous", "last");
    }

    @Test
    void unknownIdsGetTheDocumented404Bodies() {
        assertError("/analytics/videos/vi-zzz?period=2026-11", 404, NOT_FOUND.formatted("videoId"));
        assertError("/analytics/videos/li-1?period=2026-11", 404, NOT_FOUND.formatted("videoId"));
        assertError("/analytics/live-streams/vi-a?period=2026-11", 404, NOT_FOUND.formatted("liveStreamId"));
        assertError("/analytics/sessions/nope/events", 404, NOT_FOUND.formatted("videoId"));
    }

    @Test
    void invalidPeriodIsABadRequestAndNoPeriodListsEverySession() {
        // the seed's own example asks GET /analytics/videos/{videoId} without a period
        JsonNode all = ApiVideoScenario.ok(server, key, "/analytics/videos/vi-a");
        // every session of vi-a, over both days, oldest first (s6 has no stream type and counts as on-demand)
        assertThat(all.path("data").findValuesAsText("sessionId")).containsExactly("s1", "s2", "s6");
        assertThat(all.path("pagination").path("itemsTotal").asLong()).isEqualTo(3);
        assertThat(all.path("pagination").path("links").get(0).path("uri").asText())
                .isEqualTo("/analytics/videos/vi-a?currentPage=1&pageSize=25");
        for (String period : new String[] {"2026-13", "2026-W54", "yesterday", "2026-11-22/2026-11-20", "2026-02-30"}) {
            RunningServer.Response response = ApiVideoScenario.basic(server, key, "/analytics/videos/vi-a?period=" + period);
            assertThat(response.status()).as(period).isEqualTo(400);
            assertThat(response.json().path("name").asText()).isEqualTo("period");
        }
    }

    @Test
    void periodsAreWholeUtcDaysWithBothEndsIncluded() {
        assertThat(SessionsApi.period("2018-W01")).isEqualTo(window("2018-01-01T00:00:00Z", "2018-01-08T00:00:00Z"));
        assertThat(SessionsApi.period("2020-W53")).isEqualTo(window("2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z"));
        assertThat(SessionsApi.period("2018-02")).isEqualTo(window("2018-02-01T00:00:00Z", "2018-03-01T00:00:00Z"));
        assertThat(SessionsApi.period("2018")).isEqualTo(window("2018-01-01T00:00:00Z", "2019-01-01T00:00:00Z"));
        assertThat(SessionsApi.period("2018-01-01/2018-01-15")).isEqualTo(window("2018-01-01T00:00:00Z", "2018-01-16T00:00:00Z"));
        assertThatThrownBy(() -> SessionsApi.period("2018-W53")).isInstanceOf(ApiVideoException.class);
    }

    @Test
    void malformedParameterNamesAreAClientError() {
        assertThat(SessionsApi.parameterNames("period=2026&metadata%5BAuthor%5D=John&period=2025"))
                .containsExactly("period", "metadata[Author]");
        assertThatThrownBy(() -> SessionsApi.parameterNames("metadata%zz=1"))
                .isInstanceOfSatisfying(ApiVideoException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    private static TimeRange window(String from, String to) {
        return new TimeRange(Instant.parse(from).toEpochMilli(), Instant.parse(to).toEpochMilli());
    }

    private void assertError(String pathAndQuery, int status, String expectedJson) {
        RunningServer.Response response = ApiVideoScenario.basic(server, key, pathAndQuery);
        assertThat(response.status()).as(pathAndQuery + " → " + response.body()).isEqualTo(status);
        assertThat(response.json()).as(pathAndQuery).isEqualTo(json(expectedJson));
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("60");
    }

    private static JsonNode json(String text) {
        try {
            return dev.playtrace.server.http.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
