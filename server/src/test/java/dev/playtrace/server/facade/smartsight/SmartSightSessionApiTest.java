package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.playtrace.server.facade.smartsight.SmartSightFixture.END_S;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.NATIVE_WINDOW;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.PERIOD;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.START_S;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.T0;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.encode;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.ok;
import static dev.playtrace.server.support.RunningServer.PROJECT_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every request shape of the SmartSight seed against the five-view data set of {@link SmartSightFixture}. */
class SmartSightSessionApiTest {
    private static final String SESSION = "/mm-apis/session/" + PROJECT_ID + "?planlevel=6831&" + PERIOD;
    private static final String QBR = "/mm-apis/qbrData/vod/" + PROJECT_ID + "?planlevel=6831&" + PERIOD;

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;
    private String accessToken;

    @BeforeEach
    void start() {
        clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
        SmartSightFixture.sendFiveViews(server, clock);
        accessToken = SmartSightFixture.clientCredentialsToken(server, TOKEN_ID, TOKEN_SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode get(String pathAndQuery) {
        return ok(SmartSightFixture.getWithBearer(server, pathAndQuery, accessToken));
    }

    /** The single row of an overall answer, after checking the seed's envelope (all counts 1). */
    private JsonNode overallRow(String pathAndQuery) {
        JsonNode body = get(pathAndQuery);
        assertThat(body.path("totalcount").asInt()).isEqualTo(1);
        assertThat(body.path("pagecount").asInt()).isEqualTo(1);
        assertThat(body.path("totalrecords").asInt()).isEqualTo(1);
        assertThat(body.path("response")).hasSize(1);
        JsonNode row = body.path("response").get(0);
        assertThat(row.path("totalpages").asInt()).isEqualTo(1);
        return row;
    }

    private double nativeOverall(String metric, String extra) {
        JsonNode body = ok(server.get("/data/v1/metrics/" + metric + "/overall?" + NATIVE_WINDOW + extra));
        return body.path("data").path("value").asDouble();
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void viewercountIsPlaysWithTheSeedEnvelope() {
        JsonNode body = get(SESSION + "&metrics=viewercount");

        assertThat(body.toString()).isEqualTo("{\"totalcount\":1,\"pagecount\":1,\"totalrecords\":1,"
                + "\"response\":[{\"viewercount\":3,\"totalpages\":1}]}");
        assertThat(nativeOverall("plays", "")).isEqualTo(3);
    }

    @Test
    void countsMatchTheNativeApi() {
        assertThat(overallRow(SESSION + "&metrics=attempts").path("attempts").asLong()).isEqualTo(5);
        assertThat(overallRow(SESSION + "&metrics=endedplays").path("endedplays").asLong()).isEqualTo(3);
        assertThat(overallRow(SESSION + "&metrics=errors").path("errors").asLong()).isEqualTo(1);

        assertThat(nativeOverall("views", "")).isEqualTo(5);
        assertThat(nativeOverall("ended_plays", "")).isEqualTo(3);
        assertThat(nativeOverall("fatal_errors", "")).isEqualTo(1);
    }

    @Test
    void startupAbandonmentReturnsTheSeedCompanionsAndSplitsAttemptsExactly() {
        JsonNode row = overallRow(SESSION + "&metrics=startupabandonmentrate,viewercount");

        assertThat(fieldNames(row)).containsExactly("startupabandonmentrate", "viewercount", "attempts", "failurerate", "totalpages");
        assertThat(row.path("startupabandonmentrate").asDouble()).isEqualTo(20.0);
        assertThat(row.path("failurerate").asDouble()).isEqualTo(20.0);
        assertThat(row.path("viewercount").asLong()).isEqualTo(3);
        assertThat(row.path("attempts").asLong()).isEqualTo(5);
        // attempts - viewercount = EBVS + VSF, as in the seed (5,140,361 - 5,029,111 = 77,435 + 33,815)
        long attempts = row.path("attempts").asLong();
        double ebvs = attempts * row.path("startupabandonmentrate").asDouble() / 100;
        double vsf = attempts * row.path("failurerate").asDouble() / 100;
        assertThat(attempts - row.path("viewercount").asLong()).isEqualTo(Math.round(ebvs + vsf));

        assertThat(nativeOverall("exits_before_video_start", "")).isEqualTo(20.0);
        assertThat(nativeOverall("video_startup_failure_percentage", "")).isEqualTo(20.0);
    }

    @Test
    void bufferingRatiosAreRatiosOfPlayDurationAndAddUp() {
        JsonNode buffering = overallRow(SESSION + "&metrics=bufferingratio");
        JsonNode cirr = overallRow(SESSION + "&metrics=sumbuffwaitcirr");
        JsonNode vrt = overallRow(SESSION + "&metrics=vrtbufferingratio");

        // play duration: clean 50 s + rebuffer 20 s + seek 28 s; rebuffering 2 s, seek buffering 3 s
        assertThat(fieldNames(buffering)).containsExactly("bufferingratio", "playdur", "totalpages");
        assertThat(buffering.path("playdur").asDouble()).isEqualTo(98.0);
        assertThat(buffering.path("bufferingratio").asDouble()).isCloseTo(100.0 * 5_000 / 98_000, within(1e-12));
        assertThat(cirr.path("sumbuffwaitcirr").asDouble()).isCloseTo(100.0 * 2_000 / 98_000, within(1e-12));
        assertThat(cirr.path("playdur").asDouble()).isEqualTo(98.0);
        assertThat(vrt.path("vrtbufferingratio").asDouble()).isCloseTo(100.0 * 3_000 / 98_000, within(1e-12));
        assertThat(buffering.path("bufferingratio").asDouble())
                .isCloseTo(cirr.path("sumbuffwaitcirr").asDouble() + vrt.path("vrtbufferingratio").asDouble(), within(1e-12));

        assertThat(buffering.path("bufferingratio").asDouble()).isEqualTo(nativeOverall("buffering_ratio", ""));
        assertThat(cirr.path("sumbuffwaitcirr").asDouble()).isEqualTo(nativeOverall("cirr", ""));
        assertThat(vrt.path("vrtbufferingratio").asDouble()).isEqualTo(nativeOverall("vrt_buffering_ratio", ""));
        assertThat(buffering.path("playdur").asDouble() * 1000).isEqualTo(nativeOverall("play_duration", ""));
    }

    @Test
    void vrtAliasOfTheSeedDocAnswersUnderTheResponseKey() {
        JsonNode row = overallRow(SESSION + "&metrics=sumbuffwaitvrt");

        assertThat(fieldNames(row)).containsExactly("vrtbufferingratio", "playdur", "totalpages");
    }

    @Test
    void latencyIsAverageStartupInSecondsWithViewercount() {
        JsonNode row = overallRow(SESSION + "&metrics=latency");

        assertThat(fieldNames(row)).containsExactly("latency", "viewercount", "totalpages");
        assertThat(row.path("latency").asDouble()).isCloseTo((1.0 + 0.5 + 2.0) / 3, within(1e-12));
        assertThat(row.path("viewercount").asLong()).isEqualTo(3);
        assertThat(row.path("latency").asDouble() * 1000)
                .isCloseTo(nativeOverall("video_startup_time", "&measurement=avg"), within(1e-9));
    }

    @Test
    void concurrencyAndQualityOfExperienceAreTheCatalogueValues() {
        JsonNode concurrency = overallRow(SESSION + "&metrics=concurviewavg");
        JsonNode quality = overallRow(SESSION + "&metrics=qualityofexperience");

        // the seed's concurviewavg (52911) is an integer count: the peak of the per-minute samples, not a time-average
        assertThat(concurrency.path("concurviewavg").isIntegralNumber()).as(concurrency.toString()).isTrue();
        assertThat(concurrency.path("concurviewavg").asDouble())
                .isEqualTo(nativeOverall("concurrent_viewers", "&measurement=max"));
        assertThat(concurrency.path("concurviewavg").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(quality.path("qualityofexperience").asDouble()).isEqualTo(nativeOverall("viewer_experience_score", ""));
        assertThat(quality.path("qualityofexperience").asDouble()).isBetween(0.0, 100.0);
    }

    @Test
    void qMetricByCdnReturnsTheSeedColumnsPerCdn() {
        JsonNode body = get(SESSION + "&metrics=qualityofexperience,bufferingratio,latency,failurerate,playdur,cdn"
                + "&dimension=cdn&aggby=cdn&filter=");

        assertThat(body.path("totalcount").asInt()).isEqualTo(2);
        // pagecount is the number of pages (vendor_apis.md): two rows fit the default page of 1,000
        assertThat(body.path("pagecount").asInt()).isEqualTo(1);
        assertThat(body.path("totalrecords").asInt()).isEqualTo(2);
        JsonNode rows = body.path("response");
        assertThat(fieldNames(rows.get(0))).containsExactly("qualityofexperience", "bufferingratio", "latency", "failurerate",
                "playdur", "cdn", "viewercount", "attempts", "totalpages");
        // ordered by the first metric, largest first: A has the started views
        JsonNode a = rows.get(0);
        JsonNode b = rows.get(1);
        assertThat(a.path("cdn").asText()).isEqualTo("A");
        assertThat(a.path("viewercount").asLong()).isEqualTo(3);
        assertThat(a.path("attempts").asLong()).isEqualTo(3);
        assertThat(a.path("failurerate").asDouble()).isEqualTo(0.0);
        assertThat(a.path("playdur").asDouble()).isEqualTo(98.0);
        assertThat(a.path("totalpages").asInt()).isEqualTo(1);
        assertThat(b.path("cdn").asText()).isEqualTo("B");
        assertThat(b.path("viewercount").asLong()).isZero();
        assertThat(b.path("attempts").asLong()).isEqualTo(2);
        assertThat(b.path("failurerate").asDouble()).isEqualTo(50.0);
        assertThat(b.path("latency").isNull()).isTrue();
        assertThat(b.path("bufferingratio").isNull()).isTrue();

        JsonNode nativeBreakdown = ok(server.get("/data/v1/metrics/viewer_experience_score/breakdown?group_by=cdn&order_by=field"
                + "&order_direction=asc&" + NATIVE_WINDOW)).path("data");
        assertThat(a.path("qualityofexperience").asDouble()).isEqualTo(nativeBreakdown.get(0).path("value").asDouble());
        assertThat(b.path("qualityofexperience").asDouble()).isEqualTo(nativeBreakdown.get(1).path("value").asDouble());
    }

    @Test
    void identitiesHoldOnEveryRowOfABreakdown() {
        JsonNode rows = get(SESSION + "&metrics=startupabandonmentrate,bufferingratio,sumbuffwaitcirr,vrtbufferingratio"
                + "&aggby=streamtype&orderby=streamtype").path("response");

        assertThat(rows.findValuesAsText("streamtype")).containsExactly("live", "vod");
        for (JsonNode row : rows) {
            long attempts = row.path("attempts").asLong();
            double ebvs = attempts * row.path("startupabandonmentrate").asDouble() / 100;
            double vsf = attempts * row.path("failurerate").asDouble() / 100;
            assertThat((double) attempts - row.path("viewercount").asLong()).isCloseTo(ebvs + vsf, within(1e-9));
            assertThat(row.path("bufferingratio").asDouble())
                    .isCloseTo(row.path("sumbuffwaitcirr").asDouble() + row.path("vrtbufferingratio").asDouble(), within(1e-12));
        }
        JsonNode live = rows.get(0);
        JsonNode vod = rows.get(1);
        assertThat(live.path("attempts").asLong()).isEqualTo(1);
        assertThat(live.path("sumbuffwaitcirr").asDouble()).isCloseTo(100.0 * 2_000 / 20_000, within(1e-12));
        assertThat(vod.path("attempts").asLong()).isEqualTo(4);
        assertThat(vod.path("vrtbufferingratio").asDouble()).isCloseTo(100.0 * 3_000 / 78_000, within(1e-12));
        assertThat(vod.path("playdur").asDouble()).isEqualTo(78.0);
    }

    @Test
    void qbrDataCountsOnlyOnDemandViews() {
        JsonNode cirr = overallRow(QBR + "&metrics=sumbuffwaitcirr");
        JsonNode vrt = overallRow(QBR + "&metrics=vrtbufferingratio");
        JsonNode abandonment = overallRow(QBR + "&metrics=startupabandonmentrate");

        // the live view (the only one that rebuffered) is left out: play duration clean 50 s + seek 28 s
        assertThat(cirr.path("sumbuffwaitcirr").asDouble()).isEqualTo(0.0);
        assertThat(cirr.path("playdur").asDouble()).isEqualTo(78.0);
        assertThat(vrt.path("vrtbufferingratio").asDouble()).isCloseTo(100.0 * 3_000 / 78_000, within(1e-12));
        assertThat(abandonment.path("attempts").asLong()).isEqualTo(4);
        assertThat(abandonment.path("viewercount").asLong()).isEqualTo(2);
        assertThat(abandonment.path("startupabandonmentrate").asDouble()).isEqualTo(25.0);
        assertThat(abandonment.path("failurerate").asDouble()).isEqualTo(25.0);

        String onDemand = "&filters[]=stream_type:on-demand";
        assertThat(vrt.path("vrtbufferingratio").asDouble()).isEqualTo(nativeOverall("vrt_buffering_ratio", onDemand));
        assertThat(abandonment.path("attempts").asDouble()).isEqualTo(nativeOverall("views", onDemand));
    }

    @Test
    void subscriberIdFilterOfGenerationOneAndTwo() {
        JsonNode row = overallRow(SESSION + "&metrics=attempts,viewercount&filter=subscriberid=sub-1");

        assertThat(row.path("attempts").asLong()).isEqualTo(1);
        assertThat(row.path("viewercount").asLong()).isEqualTo(1);
        assertThat(nativeOverall("views", "&filters[]=viewer_user_id:sub-1")).isEqualTo(1);
    }

    @Test
    void bracketedFiltersAreOrInsideAGroupAndAndAcrossGroups() {
        JsonNode both = overallRow(SESSION + "&metrics=attempts&filter=" + encode("[cdn=A|B][streamtype=vod]"));
        JsonNode onlyB = overallRow(SESSION + "&metrics=attempts&filter=" + encode("[cdn=B]"));
        JsonNode liveA = overallRow(SESSION + "&metrics=attempts&filter=" + encode("[cdn=A][streamtype=live]"));

        assertThat(both.path("attempts").asLong()).isEqualTo(4);
        assertThat(onlyB.path("attempts").asLong()).isEqualTo(2);
        assertThat(liveA.path("attempts").asLong()).isEqualTo(1);
        assertThat(nativeOverall("views", "&filters[]=cdn:B")).isEqualTo(2);
    }

    @Test
    void rowsByAssetAreOrderedAndPaged() {
        JsonNode body = get(SESSION + "&metrics=attempts,asset&aggby=asset&orderby=asset&orderas=ASC&limit=2&offset=1");

        assertThat(body.path("totalcount").asInt()).isEqualTo(5);
        assertThat(body.path("totalrecords").asInt()).isEqualTo(5);
        // pagecount and totalpages are the pages of the whole result (vendor_apis.md §3): 5 rows at 2 a page
        assertThat(body.path("pagecount").asInt()).isEqualTo(3);
        assertThat(body.path("response").findValuesAsText("asset")).containsExactly("v-ebvs", "v-rebuffer");
        assertThat(body.path("response").get(0).path("totalpages").asInt()).isEqualTo(3);
    }

    @Test
    void withoutLimitAPageIsTheDocumentedThousandRows() {
        JsonNode body = get(SESSION + "&metrics=attempts,asset&aggby=asset");

        assertThat(body.path("totalrecords").asInt()).isEqualTo(5);
        assertThat(body.path("pagecount").asInt()).isEqualTo(1);
        assertThat(body.path("response")).hasSize(5);
        assertThat(body.path("response").get(0).path("totalpages").asInt()).isEqualTo(1);
    }

    private static final String EVERY_METRIC = "viewercount,attempts,concurviewavg,endedplays,errors,startupabandonmentrate,"
            + "failurerate,bufferingratio,sumbuffwaitcirr,vrtbufferingratio,playdur,latency,qualityofexperience";
    private static final List<String> COUNTS = List.of("viewercount", "attempts", "concurviewavg", "endedplays", "errors");
    private static final List<String> UNDEFINED_OVER_NO_VIEWS = List.of("startupabandonmentrate", "failurerate",
            "bufferingratio", "sumbuffwaitcirr", "vrtbufferingratio", "latency", "qualityofexperience");

    /** metrics.md §5 over no views: counts 0 (whole numbers), the play-duration sum 0, every ratio and average null. */
    private static void assertNoViews(JsonNode row) {
        for (String count : COUNTS) {
            assertThat(row.path(count).isIntegralNumber()).as(count + " in " + row).isTrue();
            assertThat(row.path(count).asLong()).as(count).isZero();
        }
        assertThat(row.path("playdur").isNumber()).as(row.toString()).isTrue();
        assertThat(row.path("playdur").asDouble()).isZero();
        for (String undefined : UNDEFINED_OVER_NO_VIEWS) {
            assertThat(row.has(undefined)).as(undefined).isTrue();
            assertThat(row.path(undefined).isNull()).as(undefined + " in " + row).isTrue();
        }
    }

    @Test
    void everyMetricOverAnEmptyPeriodIsZeroForCountsAndNullOtherwise() {
        String emptyPeriod = "period=start=" + (START_S - 86_400) + ",end=" + (START_S - 82_800);

        JsonNode overall = overallRow("/mm-apis/session/" + PROJECT_ID + "?planlevel=6831&" + emptyPeriod
                + "&metrics=" + EVERY_METRIC);
        JsonNode qbr = overallRow("/mm-apis/qbrData/vod/" + PROJECT_ID + "?planlevel=6831&" + emptyPeriod
                + "&metrics=" + EVERY_METRIC);
        JsonNode grouped = get("/mm-apis/session/" + PROJECT_ID + "?planlevel=6831&" + emptyPeriod
                + "&metrics=" + EVERY_METRIC + "&aggby=cdn");

        assertNoViews(overall);
        assertNoViews(qbr);
        // no group has a view: no rows, one empty page
        assertThat(grouped.toString()).isEqualTo("{\"totalcount\":0,\"pagecount\":1,\"totalrecords\":0,\"response\":[]}");
    }

    @Test
    void emptyTimeBucketsAreZeroForCountsAndNullOtherwise() {
        long start = T0.getEpochSecond() - 3600;
        clock.set(T0.toEpochMilli() + 3_600_000);
        accessToken = SmartSightFixture.clientCredentialsToken(server, TOKEN_ID, TOKEN_SECRET);
        JsonNode rows = get("/mm-apis/metricquery/" + PROJECT_ID + "?period=start=" + start + ",end=" + (start + 7200)
                + "&metrics=" + EVERY_METRIC + "&aggby=timestamp&granularity=hour").path("response");

        assertThat(rows.findValues("timestamp").stream().map(JsonNode::asLong).toList()).containsExactly(start, start + 3600);
        assertNoViews(rows.get(0));
        assertThat(rows.get(1).path("attempts").asLong()).isEqualTo(5);
        assertThat(rows.get(1).path("latency").asDouble()).isCloseTo((1.0 + 0.5 + 2.0) / 3, within(1e-12));
    }

    @Test
    void aGroupWithoutPlaysHasZeroCountsAndNullRatios() {
        JsonNode rows = get(SESSION + "&metrics=" + EVERY_METRIC + "&aggby=cdn&orderby=cdn&orderas=ASC").path("response");

        // CDN B: two attempts (EBVS, VSF), no play: no concurrent viewer, no play time, no startup
        JsonNode b = rows.get(1);
        assertThat(b.path("cdn").asText()).isEqualTo("B");
        assertThat(b.path("attempts").asLong()).isEqualTo(2);
        assertThat(b.path("errors").asLong()).isEqualTo(1);
        for (String zero : List.of("viewercount", "concurviewavg", "endedplays")) {
            assertThat(b.path(zero).isIntegralNumber()).as(zero + " in " + b).isTrue();
            assertThat(b.path(zero).asLong()).as(zero).isZero();
        }
        assertThat(b.path("playdur").asDouble()).isZero();
        for (String undefined : List.of("bufferingratio", "sumbuffwaitcirr", "vrtbufferingratio", "latency")) {
            assertThat(b.path(undefined).isNull()).as(undefined + " in " + b).isTrue();
        }
        // defined over its two attempts
        assertThat(b.path("startupabandonmentrate").asDouble()).isEqualTo(50.0);
        assertThat(b.path("failurerate").asDouble()).isEqualTo(50.0);
        assertThat(b.path("qualityofexperience").asDouble()).isEqualTo(nativeOverall("viewer_experience_score", "&filters[]=cdn:B"));
    }

    @Test
    void planlevelIsRequiredWhereTheSeedDocumentsIt() {
        String withoutPlanLevel = "/mm-apis/session/" + PROJECT_ID + "?" + PERIOD + "&metrics=viewercount";
        RunningServer.Response response = SmartSightFixture.getWithBearer(server, withoutPlanLevel, accessToken);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("message").asText()).contains("planlevel");
        // generation 3 has no planlevel
        assertThat(SmartSightFixture.getWithBearer(server, withoutPlanLevel.replace("/session/", "/metricquery/"),
                accessToken).status()).isEqualTo(200);
    }

    @Test
    void scopeOpenidAddsAnIdTokenThatIsNoAccessToken() {
        JsonNode withOpenid = SmartSightFixture.postToken(server, java.util.Map.of("grant_type", "client_credentials",
                "client_id", TOKEN_ID, "client_secret", TOKEN_SECRET, "scope", "openid")).json();
        JsonNode without = SmartSightFixture.postToken(server, java.util.Map.of("grant_type", "client_credentials",
                "client_id", TOKEN_ID, "client_secret", TOKEN_SECRET)).json();

        assertThat(withOpenid.path("id_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(withOpenid.path("scope").asText()).isEqualTo("openid");
        assertThat(without.has("id_token")).isFalse();
        assertThat(SmartSightFixture.getWithBearer(server, SESSION + "&metrics=viewercount",
                withOpenid.path("id_token").asText()).status()).isEqualTo(401);
    }

    @Test
    void unknownRoutesAnswerSmartSightsJsonError() {
        RunningServer.Response response = SmartSightFixture.getWithBearer(server, "/mm-apis/nothing/" + PROJECT_ID, accessToken);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("status").asInt()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo("Not Found");
    }

    @Test
    void rowsOrderedByPlayDurationDescendingBreakTiesByValue() {
        JsonNode body = get(SESSION + "&metrics=playdur&aggby=video&orderby=playdur&orderas=DESC");

        assertThat(body.path("response").findValuesAsText("video")).containsExactly("v-clean", "v-seek", "v-rebuffer", "v-ebvs", "v-vsf");
        assertThat(body.path("response").findValues("playdur").stream().map(JsonNode::asDouble).toList())
                .containsExactly(50.0, 28.0, 20.0, 0.0, 0.0);
    }

    @Test
    void periodMayBePercentEncodedAndReversed() {
        String encoded = "/mm-apis/session/" + PROJECT_ID + "?planlevel=6831&period=" + encode("start=" + END_S + ",end=" + START_S) + "&metrics=attempts";

        assertThat(overallRow(encoded).path("attempts").asLong()).isEqualTo(5);
    }

    @Test
    void metricQueryGivesATimeseriesAtTheRequestedGranularity() {
        long start = T0.getEpochSecond();
        clock.set(T0.toEpochMilli() + 3_600_000);
        accessToken = SmartSightFixture.clientCredentialsToken(server, TOKEN_ID, TOKEN_SECRET);
        JsonNode body = get("/mm-apis/metricquery/" + PROJECT_ID + "?period=start=" + start + ",end=" + (start + 900)
                + "&metrics=attempts,viewercount&aggby=timestamp&granularity=5minute");

        assertThat(body.path("totalrecords").asInt()).isEqualTo(3);
        JsonNode rows = body.path("response");
        assertThat(rows.findValues("timestamp").stream().map(JsonNode::asLong).toList())
                .containsExactly(start, start + 300, start + 600);
        assertThat(rows.findValues("attempts").stream().map(JsonNode::asLong).toList()).containsExactly(5L, 0L, 0L);
        assertThat(rows.findValues("viewercount").stream().map(JsonNode::asLong).toList()).containsExactly(3L, 0L, 0L);
    }

    @Test
    void metricQueryAcceptsTheApiKeyHeader() {
        var credentials = server.server().admin().createProject("other");
        String apiKey = credentials.facadeKeys().stream().filter(key -> key.label().equals("SmartSight X-API-Key"))
                .findFirst().orElseThrow().value();

        RunningServer.Response own = SmartSightFixture.getWithHeader(server, "/mm-apis/metricquery/" + credentials.project().id()
                + "?" + PERIOD + "&metrics=attempts", "X-API-Key", apiKey);
        RunningServer.Response foreign = SmartSightFixture.getWithHeader(server, "/mm-apis/metricquery/" + PROJECT_ID
                + "?" + PERIOD + "&metrics=attempts", "X-API-Key", apiKey);
        RunningServer.Response unknown = SmartSightFixture.getWithHeader(server, "/mm-apis/metricquery/" + PROJECT_ID
                + "?" + PERIOD + "&metrics=attempts", "X-API-Key", "mmk_nope");

        assertThat(ok(own).path("response").get(0).path("attempts").asLong()).isZero();
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(unknown.status()).isEqualTo(401);
    }

    @Test
    void clientMistakesAreClearFourHundreds() {
        RunningServer.Response noPeriod = SmartSightFixture.getWithBearer(server, "/mm-apis/session/" + PROJECT_ID + "?planlevel=6831&metrics=attempts", accessToken);
        RunningServer.Response badMetric = SmartSightFixture.getWithBearer(server, SESSION + "&metrics=nosuchmetric", accessToken);
        RunningServer.Response badAggby = SmartSightFixture.getWithBearer(server, SESSION + "&metrics=attempts&aggby=nosuch", accessToken);
        RunningServer.Response badFilter = SmartSightFixture.getWithBearer(server, SESSION + "&metrics=attempts&filter="
                + encode("[cdn=A"), accessToken);
        RunningServer.Response badGranularity = SmartSightFixture.getWithBearer(server, SESSION
                + "&metrics=attempts&aggby=timestamp&granularity=week", accessToken);

        for (RunningServer.Response response : List.of(noPeriod, badMetric, badAggby, badFilter, badGranularity)) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().path("status").asInt()).isEqualTo(400);
            assertThat(response.json().path("message").asText()).isNotBlank();
        }
        assertThat(noPeriod.json().path("message").asText()).contains("period");
    }
}
