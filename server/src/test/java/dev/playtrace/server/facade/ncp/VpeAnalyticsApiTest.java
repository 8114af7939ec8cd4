package dev.playtrace.server.facade.ncp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seven VPE Media Analytics endpoints over {@link NcpDataSet}, with exact numbers, checked against /data/v1. */
class VpeAnalyticsApiTest {
    private static final String THREE_DAYS = "startDate=2026-11-18&endDate=2026-11-20";
    private static final long FROM_SECONDS = Instant.parse("2026-11-18T00:00:00Z").getEpochSecond();
    private static final long TO_SECONDS = Instant.parse("2026-11-21T00:00:00Z").getEpochSecond();

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;
    private ProjectAdmin.Credentials project;

    @BeforeEach
    void start() {
        clock = new MutableClock(NcpDataSet.NOW);
        server = RunningServer.start(dataDir, clock);
        project = server.server().defaultProject();
        NcpDataSet.send(server, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode vpe(String pathAndQuery) {
        RunningServer.Response response = VpeClient.vpe(server, project, pathAndQuery);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("code").isNumber()).isTrue();
        assertThat(response.json().path("code").asInt()).isEqualTo(200);
        return response.json();
    }

    /** logDate → value of the field, in response order. */
    private Map<String, Double> series(JsonNode body, String field) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode item : body.path("result")) {
            values.put(item.path("logDate").asText(), item.path(field).asDouble());
        }
        return values;
    }

    /** The native timeseries of the same question, keyed like VPE's logDate. */
    private Map<String, Double> nativeSeries(String metric, String granularity, long fromSeconds, long toSeconds, String filters) {
        RunningServer.Response response = server.get("/data/v1/metrics/" + metric + "/timeseries?timeframe[]=" + fromSeconds
                + "&timeframe[]=" + toSeconds + "&group_by=" + granularity + filters);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode point : response.json().path("data")) {
            String logDate = point.get(0).asText().replace("T", " ").replace("Z", "").replaceAll("\\.\\d+$", "");
            values.put(logDate, point.get(1).isNull() ? 0.0 : point.get(1).asDouble());
        }
        return values;
    }

    private static Map<String, Double> days(double day18, double day19, double day20) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("2026-11-20 00:00:00", day20);
        values.put("2026-11-19 00:00:00", day19);
        values.put("2026-11-18 00:00:00", day18);
        return values;
    }

    private static final String NATIVE_PC = "&filters[]=!device_category:phone&filters[]=!device_category:tablet"
            + "&filters[]=!device_category:wearable";
    private static final String NATIVE_MOBILE = "&filters[]=device_category:phone&filters[]=device_category:tablet"
            + "&filters[]=device_category:wearable";
    private static final String NATIVE_VOD = "&filters[]=!stream_type:live";
    private static final String NATIVE_LIVE = "&filters[]=stream_type:live";

    @Test
    void playCntPerDayNewestFirstForEveryFilterCombination() {
        record Case(String query, String nativeFilters, Map<String, Double> expected) {
        }
        List<Case> cases = new ArrayList<>(List.of(
                new Case("", "", days(2, 2, 1)),
                new Case("&device=PC,Mobile&videoType=VOD,LIVE", "", days(2, 2, 1)),
                new Case("&device=PC", NATIVE_PC, days(1, 1, 1)),
                new Case("&device=Mobile", NATIVE_MOBILE, days(1, 1, 0)),
                new Case("&videoType=VOD", NATIVE_VOD, days(2, 1, 0)),
                new Case("&videoType=LIVE", NATIVE_LIVE, days(0, 1, 1)),
                new Case("&device=PC&videoType=VOD", NATIVE_PC + NATIVE_VOD, days(1, 1, 0)),
                new Case("&device=PC&videoType=LIVE", NATIVE_PC + NATIVE_LIVE, days(0, 0, 1)),
                new Case("&device=Mobile&videoType=VOD", NATIVE_MOBILE + NATIVE_VOD, days(1, 0, 0)),
                new Case("&device=Mobile&videoType=LIVE", NATIVE_MOBILE + NATIVE_LIVE, days(0, 1, 0))));
        for (Case c : cases) {
            JsonNode body = vpe("/v1/charts/playCnt?" + THREE_DAYS + c.query());

            assertThat(body.path("message").asText()).isEqualTo("playCnt (1d)");
            Map<String, Double> actual = series(body, "playSuccessCnt");
            assertThat(actual).as(c.query()).containsExactlyEntriesOf(c.expected());
            assertThat(actual).as("native " + c.query())
                    .isEqualTo(nativeSeries("plays", "day", FROM_SECONDS, TO_SECONDS, c.nativeFilters()));
            assertThat(body.path("result").get(0).path("playSuccessCnt").isIntegralNumber()).isTrue();
        }
    }

    @Test
    void playTimeSumIsPlayingTimeInDecimalSeconds() {
        JsonNode body = vpe("/v1/charts/playTimeSum?" + THREE_DAYS);

        assertThat(body.path("message").asText()).isEqualTo("playTimeSum (1d)");
        assertThat(series(body, "playTimeSum")).containsExactlyEntriesOf(days(90.0, 30.0, 179.0));
        Map<String, Double> nativeSeconds = new LinkedHashMap<>();
        nativeSeries("playing_time", "day", FROM_SECONDS, TO_SECONDS, "").forEach((day, ms) -> nativeSeconds.put(day, ms / 1000.0));
        assertThat(series(body, "playTimeSum")).isEqualTo(nativeSeconds);

        JsonNode mobile = vpe("/v1/charts/playTimeSum?" + THREE_DAYS + "&device=Mobile");
        assertThat(series(mobile, "playTimeSum")).containsExactlyEntriesOf(days(30.0, 20.0, 0.0));
    }

    @Test
    void uniqUserCntCountsViewersWhoAttempted() {
        JsonNode body = vpe("/v1/charts/uniqUserCnt?" + THREE_DAYS);

        assertThat(body.path("message").asText()).isEqualTo("uniqUserCnt (1d)");
        assertThat(series(body, "uniqUsers")).containsExactlyEntriesOf(days(2, 3, 1));
        assertThat(series(body, "uniqUsers")).isEqualTo(nativeSeries("unique_viewers", "day", FROM_SECONDS, TO_SECONDS, ""));
        // the tv viewer u3 only attempted: PC includes tv
        assertThat(series(vpe("/v1/charts/uniqUserCnt?" + THREE_DAYS + "&device=PC"), "uniqUsers"))
                .containsExactlyEntriesOf(days(1, 2, 1));
    }

    @Test
    void oneDayGivesEveryFiveMinuteBucketNewestFirst() {
        JsonNode body = vpe("/v1/charts/playCnt?startDate=2026-11-18&endDate=2026-11-18");

        assertThat(body.path("message").asText()).isEqualTo("playCnt (5m)");
        JsonNode result = body.path("result");
        assertThat(result).hasSize(288);
        assertThat(result.get(0).path("logDate").asText()).isEqualTo("2026-11-18 23:55:00");
        assertThat(result.get(287).path("logDate").asText()).isEqualTo("2026-11-18 00:00:00");
        Map<String, Double> values = series(body, "playSuccessCnt");
        assertThat(values.get("2026-11-18 10:00:00")).isEqualTo(2.0);
        assertThat(values.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(2.0);
        long from = Instant.parse("2026-11-18T00:00:00Z").getEpochSecond();
        assertThat(values).isEqualTo(nativeSeries("plays", "five_minutes", from, from + 86_400, ""));
    }

    @Test
    void dateTimeBoundsAreInclusive() {
        JsonNode body = vpe("/v1/charts/uniqUserCnt?startDate=2026-11-19%2009:00:00&endDate=2026-11-19T10:00:00Z");

        assertThat(body.path("message").asText()).isEqualTo("uniqUserCnt (5m)");
        Map<String, Double> values = series(body, "uniqUsers");
        // 10:00:00 is a bucket boundary: it closes the window rather than opening a one-millisecond bucket
        assertThat(values).hasSize(12);
        assertThat(values.keySet().iterator().next()).isEqualTo("2026-11-19 09:55:00");
        assertThat(values.get("2026-11-19 09:05:00")).isEqualTo(1.0);
        assertThat(values.get("2026-11-19 09:10:00")).isEqualTo(1.0);
        assertThat(values.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(2.0);
    }

    @Test
    void anEndDateOnABucketBoundaryAddsNoFinalZeroBucket() {
        // a day of 5-minute buckets ending at the next midnight, and three days ending at a midnight
        JsonNode fiveMinutes = vpe("/v1/charts/playCnt?startDate=2026-11-18%2000:00:00&endDate=2026-11-19%2000:00:00");
        assertThat(fiveMinutes.path("message").asText()).isEqualTo("playCnt (5m)");
        assertThat(fiveMinutes.path("result")).hasSize(288);
        assertThat(fiveMinutes.path("result").get(0).path("logDate").asText()).isEqualTo("2026-11-18 23:55:00");
        assertThat(series(fiveMinutes, "playSuccessCnt").values().stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo(2.0);

        JsonNode days = vpe("/v1/charts/playCnt?startDate=2026-11-18T00:00:00Z&endDate=2026-11-20T00:00:00Z");
        assertThat(series(days, "playSuccessCnt")).containsExactly(
                Map.entry("2026-11-19 00:00:00", 2.0), Map.entry("2026-11-18 00:00:00", 2.0));
        // an end inside a bucket still includes that bucket
        JsonNode inside = vpe("/v1/charts/playCnt?startDate=2026-11-18T00:00:00Z&endDate=2026-11-20T00:00:01Z");
        assertThat(series(inside, "playSuccessCnt")).containsKey("2026-11-20 00:00:00").hasSize(3);
    }

    @Test
    void aFutureWindowAnswersZeroRowsAsAPastEmptyWindowDoes() {
        JsonNode past = vpe("/v1/charts/playCnt?startDate=2026-10-01&endDate=2026-10-03");
        JsonNode future = vpe("/v1/charts/playCnt?startDate=2026-12-01&endDate=2026-12-03");

        assertThat(series(past, "playSuccessCnt")).containsExactly(Map.entry("2026-10-03 00:00:00", 0.0),
                Map.entry("2026-10-02 00:00:00", 0.0), Map.entry("2026-10-01 00:00:00", 0.0));
        assertThat(series(future, "playSuccessCnt")).containsExactly(Map.entry("2026-12-03 00:00:00", 0.0),
                Map.entry("2026-12-02 00:00:00", 0.0), Map.entry("2026-12-01 00:00:00", 0.0));
        assertThat(future.path("message").asText()).isEqualTo(past.path("message").asText());
        assertThat(future.path("result").get(0).path("playSuccessCnt").isIntegralNumber()).isTrue();
        JsonNode futureDay = vpe("/v1/charts/playTimeSum?startDate=2026-12-01&endDate=2026-12-01");
        assertThat(futureDay.path("message").asText()).isEqualTo("playTimeSum (5m)");
        assertThat(futureDay.path("result")).hasSize(288);
        // a window reaching past now still stops at the current bucket
        assertThat(series(vpe("/v1/charts/playCnt?startDate=2026-11-19&endDate=2026-11-25"), "playSuccessCnt").keySet())
                .containsExactly("2026-11-20 00:00:00", "2026-11-19 00:00:00");
    }

    @Test
    void unknownPathsAnswerVpesJsonError() {
        for (String path : List.of("/v1/charts/playCount", "/v1/charts/", "/v1/contentsSummary/top", "/v1/charts/playCnt/x")) {
            RunningServer.Response response = VpeClient.vpe(server, project, path);

            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(response.json().path("error").path("errorCode").asText()).as(path).isEqualTo("404");
            assertThat(response.json().path("error").path("message").asText()).as(path).contains("Not found");
        }
    }

    @Test
    void aLongQueryStringIsAVpeErrorNamingIt() {
        String padding = "x".repeat(3_800);
        RunningServer.Response response = VpeClient.vpe(server, project, "/v1/charts/playCnt?" + THREE_DAYS + "&note=" + padding);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("errorCode").asText()).isEqualTo("400");
        assertThat(response.json().path("error").path("message").asText()).contains("query string too long");
        // the longest query VPE's own parameters make is answered
        assertThat(VpeClient.vpe(server, project, "/v1/charts/playCnt?" + THREE_DAYS
                + "&device=PC,Mobile&videoType=VOD,LIVE").status()).isEqualTo(200);
    }

    @Test
    void currentViewersGivesTheLastSixtyMinutes() {
        JsonNode body = vpe("/v1/charts/currentViewers?device=PC,Mobile&videoType=VOD,LIVE");

        assertThat(body.path("message").asText()).isEqualTo("currentViewers (1m)");
        Map<String, Double> values = series(body, "currentViewerCnt");
        assertThat(values).hasSize(60);
        assertThat(values.keySet().iterator().next()).isEqualTo("2026-11-20 11:59:00");
        assertThat(body.path("result").get(59).path("logDate").asText()).isEqualTo("2026-11-20 11:00:00");
        assertThat(values.get("2026-11-20 11:59:00")).isEqualTo(1.0);
        assertThat(values.get("2026-11-20 11:56:00")).isEqualTo(1.0);
        assertThat(values.get("2026-11-20 11:55:00")).isEqualTo(0.0);
        assertThat(values.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(4.0);
        // the same minutes through the native monitoring API
        JsonNode nativeBody = server.get("/data/v1/monitoring/metrics/current-concurrent-viewers/timeseries?timestamp="
                + Instant.parse("2026-11-20T11:00:00Z").getEpochSecond()).json();
        Map<String, Double> nativeValues = new LinkedHashMap<>();
        for (JsonNode point : nativeBody.path("data")) {
            nativeValues.put(point.path("date").asText().replace("T", " ").replace("Z", "").replaceAll("\\.\\d+$", ""),
                    point.path("value").asDouble());
        }
        assertThat(values).isEqualTo(nativeValues);

        assertThat(series(vpe("/v1/charts/currentViewers?device=Mobile"), "currentViewerCnt").values())
                .allMatch(value -> value == 0.0);
        assertThat(series(vpe("/v1/charts/currentViewers?videoType=LIVE&device=PC"), "currentViewerCnt")
                .get("2026-11-20 11:58:00")).isEqualTo(1.0);
    }

    @Test
    void playCountTop10RanksContentsByPlays() {
        JsonNode body = vpe("/v1/contentsSummary/playCountTop10?" + THREE_DAYS);

        assertThat(body.path("message").asText()).isEqualTo("playCountTop10 (1d)");
        JsonNode result = body.path("result");
        assertThat(result).hasSize(2);
        assertThat(result.get(0).path("contentsKey").asText()).isEqualTo("a");
        assertThat(result.get(0).path("title").asText()).isEqualTo("Alpha");
        assertThat(result.get(0).path("videoType").asText()).isEqualTo("VOD");
        assertThat(result.get(0).path("playCount").asLong()).isEqualTo(3);
        assertThat(result.get(1).path("contentsKey").asText()).isEqualTo("b");
        assertThat(result.get(1).path("videoType").asText()).isEqualTo("LIVE");
        assertThat(result.get(1).path("playCount").asLong()).isEqualTo(2);
        JsonNode nativeBody = server.get("/data/v1/metrics/plays/breakdown?group_by=video_id&timeframe[]=" + FROM_SECONDS
                + "&timeframe[]=" + TO_SECONDS).json();
        assertThat(nativeBody.path("data").findValuesAsText("field")).containsExactly("a", "b");
        assertThat(nativeBody.path("data").get(0).path("value").asDouble()).isEqualTo(3.0);
    }

    @Test
    void playTimeTop10RanksContentsByPlayingSeconds() {
        JsonNode result = vpe("/v1/contentsSummary/playTimeTop10?" + THREE_DAYS).path("result");

        assertThat(result.findValuesAsText("contentsKey")).containsExactly("b", "a");
        assertThat(result.get(0).path("playTime").asLong()).isEqualTo(199);
        assertThat(result.get(1).path("playTime").asLong()).isEqualTo(100);

        JsonNode mobile = vpe("/v1/contentsSummary/playTimeTop10?" + THREE_DAYS + "&device=Mobile").path("result");
        assertThat(mobile.findValuesAsText("contentsKey")).containsExactly("a", "b");
        assertThat(mobile.get(0).path("playTime").asLong()).isEqualTo(30);
        assertThat(mobile.get(1).path("playTime").asLong()).isEqualTo(20);
    }

    @Test
    void contentsSummaryPagesContentsByPlays() {
        JsonNode body = vpe("/v1/contentsSummary?" + THREE_DAYS + "&pageNo=1");

        assertThat(body.path("message").asText()).isEqualTo("contentsSummary (1d)");
        JsonNode result = body.path("result");
        assertThat(result.path("totalCount").asLong()).isEqualTo(2);
        assertThat(result.path("list").findValuesAsText("contentsKey")).containsExactly("a", "b");
        assertThat(result.path("list").get(0).path("playCount").asLong()).isEqualTo(3);
        assertThat(result.path("list").get(0).path("playTime").asLong()).isEqualTo(100);
        assertThat(result.path("list").get(1).path("playCount").asLong()).isEqualTo(2);
        assertThat(result.path("list").get(1).path("playTime").asLong()).isEqualTo(199);

        JsonNode secondPage = vpe("/v1/contentsSummary?" + THREE_DAYS + "&pageNo=2&limit=10").path("result");
        assertThat(secondPage.path("totalCount").asLong()).isEqualTo(2);
        assertThat(secondPage.path("list")).isEmpty();

        JsonNode live = vpe("/v1/contentsSummary?" + THREE_DAYS + "&videoType=LIVE").path("result");
        assertThat(live.path("totalCount").asLong()).isEqualTo(1);
        assertThat(live.path("list").get(0).path("contentsKey").asText()).isEqualTo("b");
    }

    @Test
    void contentsSummaryPagesOfTenTieBrokenByContentsKey() {
        // on 2026-11-17: eleven contents with one play each, p11 with a second play
        for (int i = 1; i <= 11; i++) {
            String videoId = String.format("p%02d", i);
            NcpDataSet.view(server, clock, "page-" + i, "2026-11-17T08:" + String.format("%02d", i) + ":00Z", "desktop",
                    "on-demand", videoId, "Title " + i, "u" + i, b -> b.at(0, "play").at(1_000, "playing").at(3_000, "viewend"), 3_000);
        }
        NcpDataSet.view(server, clock, "page-again", "2026-11-17T09:00:00Z", "phone", "on-demand", "p11", "Title 11", "u1",
                b -> b.at(0, "play").at(1_000, "playing").at(3_000, "viewend"), 3_000);
        clock.set(NcpDataSet.NOW.toEpochMilli());
        server.flush();

        JsonNode first = vpe("/v1/contentsSummary?startDate=2026-11-17&endDate=2026-11-17&pageNo=1&limit=10").path("result");
        JsonNode second = vpe("/v1/contentsSummary?startDate=2026-11-17&endDate=2026-11-17&pageNo=2&limit=10").path("result");

        assertThat(first.path("totalCount").asLong()).isEqualTo(11);
        assertThat(first.path("list").findValuesAsText("contentsKey")).containsExactly(
                "p11", "p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09");
        assertThat(first.path("list").get(0).path("playCount").asLong()).isEqualTo(2);
        assertThat(first.path("list").get(0).path("playTime").asLong()).isEqualTo(4);
        assertThat(first.path("list").get(1).path("title").asText()).isEqualTo("Title 1");
        assertThat(second.path("totalCount").asLong()).isEqualTo(11);
        assertThat(second.path("list").findValuesAsText("contentsKey")).containsExactly("p10");
    }

    @Test
    void badParametersAreVpeErrorsNeverServerErrors() {
        for (String query : List.of("/v1/charts/playCnt?startDate=20261118", "/v1/charts/playCnt?endDate=2026-02-30",
                "/v1/charts/playTimeSum?startDate=2026-11-20&endDate=2026-11-18", "/v1/charts/playCnt?device=TV",
                "/v1/charts/uniqUserCnt?videoType=CLIP", "/v1/contentsSummary?limit=5", "/v1/contentsSummary?pageNo=0",
                "/v1/contentsSummary?pageNo=x", "/v1/charts/currentViewers?device=Desktop",
                "/v1/charts/playCnt?startDate=2026-11-18%2025:61:00")) {
            RunningServer.Response response = VpeClient.vpe(server, project, query);

            assertThat(response.status()).as(query + " " + response.body()).isEqualTo(400);
            assertThat(response.json().path("error").path("errorCode").asText()).as(query).isEqualTo("400");
            assertThat(response.json().path("error").path("message").asText()).as(query).isNotBlank();
        }
    }

    @Test
    void authenticationFailuresAnswerUnauthorizedInTheBody() {
        ProjectAdmin.Credentials other = server.createProject("other");
        String key = VpeClient.key(project, NcpFacade.VPE_API_KEY_VARIABLE);
        String otherKey = VpeClient.key(other, NcpFacade.VPE_API_KEY_VARIABLE);
        List<Map<String, String>> attempts = List.of(
                Map.of(),
                Map.of("x-api-key", key),
                Map.of("x-project-id", project.project().id()),
                Map.of("x-api-key", key + "x", "x-project-id", project.project().id()),
                Map.of("x-api-key", otherKey, "x-project-id", project.project().id()),
                Map.of("x-api-key", key, "x-project-id", other.project().id()),
                Map.of("x-api-key", key, "x-project-id", "proj_missing"));
        for (Map<String, String> headers : attempts) {
            RunningServer.Response response = VpeClient.vpe(server, "/v1/charts/playCnt?" + THREE_DAYS, headers);

            assertThat(response.status()).as(headers.keySet().toString()).isEqualTo(200);
            assertThat(response.json().path("code").asInt()).isEqualTo(200);
            assertThat(response.json().path("message").asText()).isEqualTo("Unauthorized");
            assertThat(response.json().path("result").isNull()).isTrue();
        }
        // the other project's own key reads only its own (empty) data
        JsonNode otherBody = VpeClient.vpe(server, other, "/v1/charts/playCnt?" + THREE_DAYS).json();
        assertThat(series(otherBody, "playSuccessCnt")).containsExactlyEntriesOf(days(0, 0, 0));
    }
}
