package dev.playtrace.server.cmcd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.bus.local.LocalLogBus;
import dev.playtrace.ingest.decode.CmcdEventMapper;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One CMCD v2 session reported in event mode ({@code application/cmcd}, one report per line), in two POSTs, as a
 * CML reporter batches them. CMCD has no send time, so event times are the reports' {@code ts} (no correction);
 * the server's clock is set a little after the last {@code ts} of each POST. Writing t for {@code ts - T}:
 *
 * <pre>
 * sn  report                 t     event            effect (metrics.md §2, §3a)
 *  1  e=ps,sta=s (starting)     0  play             play_requested_at, view_start
 *  2  e=ps,sta=p (playing)    400  playing          first_frame_at: startup = 400
 *  3  e=t,sta=p             2_400  hb               still playing
 *  4  e=ps,sta=r (rebuffer) 3_000  waiting          stall opens
 *  5  e=ps,sta=p (playing)  3_750  playing          stall [3000, 3750) = 750 ms, 1 rebuffer
 *  6  e=ps,sta=e (ended)    6_000  ended            playback stops
 *  7  e=ps,sta=q (quit)     6_500  viewend          view closed, ends at 6_500
 * </pre>
 *
 * So: playing = (3000 - 400) + (6000 - 3750) = 2600 + 2250 = 4850; watch time = startup 400 + playing 4850 +
 * rebuffering 750 = 6000 (play 0 to ended 6000; the 500 ms after ended do not count); play duration = 4850 + 750 =
 * 5600. A broken line in the second POST is rejected while its neighbours are kept.
 */
class CmcdReportsTest {
    private static final long T_MS = 1_795_390_036_000L;
    private static final String SID = "cmcd-session-1";
    /** The view of {@link #SID} playing {@code vid-cmcd}: a CMCD view is a session's content. */
    private static final String VIEW_ID = CmcdEventMapper.viewId(SID, "vid-cmcd");

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.ofEpochMilli(T_MS));
        server = RunningServer.start(dataDir, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String report(int sn, long t, String event) {
        return "br=3000,cid=\"vid-cmcd\"," + event + ",sf=h,sid=\"" + SID + "\",sn=" + sn + ",st=v,ts=" + (T_MS + t)
                + ",v=2";
    }

    private RunningServer.Response post(String pathAndQuery, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(pathAndQuery))
                .header("Content-Type", "application/cmcd")
                .header("Origin", "http://localhost:3000")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String iso(long t) {
        return Instant.ofEpochMilli(T_MS + t).toString();
    }

    @Test
    void sessionBecomesAViewWithTheNumbersOfItsReports() {
        clock.set(T_MS + 2_500);
        RunningServer.Response first = post("/v1/cmcd?env_key=" + RunningServer.INGEST_KEY, String.join("\n",
                report(1, 0, "e=ps,pt=0,sta=s"),
                report(2, 400, "e=ps,pt=0,sta=p"),
                report(3, 2_400, "e=t,pt=2000,sta=p")) + "\n");
        clock.set(T_MS + 7_000);
        RunningServer.Response second = post("/v1/cmcd/" + RunningServer.INGEST_KEY, String.join("\n",
                report(4, 3_000, "e=ps,pt=2600,sta=r"),
                report(5, 3_750, "e=ps,pt=2600,sta=p"),
                "sid=\"" + SID + "\",sn=8,ts=\"unterminated",
                report(6, 6_000, "e=ps,pt=4850,sta=e"),
                report(7, 6_500, "e=ps,pt=4850,sta=q")));
        server.flush();

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("accepted").asInt()).isEqualTo(3);
        assertThat(first.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("accepted").asInt()).isEqualTo(4);
        assertThat(second.json().path("rejected").asInt()).isEqualTo(1);
        JsonNode error = second.json().path("errors").get(0);
        assertThat(error.path("index").asInt()).isEqualTo(2);
        assertThat(error.path("message").asText()).contains("the string value of \"ts\" has no closing quote");

        RunningServer.Response response = server.get("/data/v1/video-views/" + VIEW_ID);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode view = response.json().path("data");
        assertThat(view.path("view_start").asText()).isEqualTo(iso(0));
        assertThat(view.path("play_requested_at").asText()).isEqualTo(iso(0));
        assertThat(view.path("first_frame_at").asText()).isEqualTo(iso(400));
        assertThat(view.path("view_end").asText()).isEqualTo(iso(6_500));
        assertThat(view.path("time_to_first_frame").asLong()).isEqualTo(400);
        assertThat(view.path("view_playing_time").asText()).isEqualTo("4850");
        assertThat(view.path("rebuffer_count").asInt()).isEqualTo(1);
        assertThat(view.path("rebuffer_duration").asLong()).isEqualTo(750);
        assertThat(view.path("watch_time").asLong()).isEqualTo(6_000);
        assertThat(view.path("play_duration").asLong()).isEqualTo(5_600);
        assertThat(view.path("view_seek_count").asInt()).isZero();
        assertThat(view.path("weighted_average_bitrate").asText()).isEqualTo("3000000.0"); // br=3000 kbps the whole time
        assertThat(view.path("outcome").asText()).isEqualTo("started");
        assertThat(view.path("ended").asBoolean()).isTrue();
        assertThat(view.path("closed").asBoolean()).isTrue();
        assertThat(view.path("error_count").asInt()).isZero();
        assertThat(view.path("video_id").asText()).isEqualTo("vid-cmcd");
        assertThat(view.path("event_count").asInt()).isEqualTo(7);
    }

    /**
     * Starting at 0, playing at 500 (startup 500), paused 1500, playing again at 2500 (CMCD has no resume request:
     * frames advance), fatal error at 3000: playing = 1000 + 500 = 1500; watch time = 3000 - 1000 paused = 2000.
     */
    @Test
    void pauseResumeAndFatalErrorState() {
        clock.set(T_MS + 4_000);
        RunningServer.Response response = post("/v1/cmcd/" + RunningServer.INGEST_KEY, String.join("\n",
                report(1, 0, "e=ps,sta=s"),
                report(2, 500, "e=ps,sta=p"),
                report(3, 1_500, "e=ps,sta=a"),
                report(4, 2_500, "e=ps,sta=p"),
                report(5, 3_000, "e=ps,ec=\"MEDIA_ERR_DECODE\",sta=f")));
        server.flush();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(5);
        JsonNode view = server.get("/data/v1/video-views/" + VIEW_ID).json().path("data");
        assertThat(view.path("time_to_first_frame").asLong()).isEqualTo(500);
        assertThat(view.path("view_playing_time").asText()).isEqualTo("1500");
        assertThat(view.path("watch_time").asLong()).isEqualTo(2_000);
        assertThat(view.path("rebuffer_count").asInt()).isZero();
        assertThat(view.path("error_count").asInt()).isEqualTo(1);
    }

    @Test
    void malformedBodyIsRefusedWithTheProblem() {
        RunningServer.Response response = post("/v1/cmcd/" + RunningServer.INGEST_KEY, "sid=\"s\",ts=oops now");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("code").asText()).isEqualTo("not_a_batch");
        assertThat(response.json().path("error").path("message").asText())
                .isEqualTo("no valid CMCD report in the body; report 0: expected ',' after the value of \"ts\" at"
                        + " character 17, found 'n'");
    }

    /**
     * CTA-5004-B: 410 tells the reporter to stop sending to this target for the rest of the session (a 401 would
     * only drop the batch, and every later one of the session would come and be refused the same way).
     */
    @Test
    void unknownOrMissingIngestKeyIs410GoneForTheSession() {
        String body = report(1, 0, "e=ps,sta=s");

        assertThat(post("/v1/cmcd/nosuchkey", body).status()).isEqualTo(410);
        assertThat(post("/v1/cmcd?env_key=nosuchkey", body).status()).isEqualTo(410);
        RunningServer.Response missing = post("/v1/cmcd", body);
        assertThat(missing.status()).isEqualTo(410);
        assertThat(missing.json().path("error").path("code").asText()).isEqualTo("unknown_ingest_key");
    }

    /** Without sid no report of the session can become a view: 410, so the reporter stops for the session. */
    @Test
    void sessionWithoutSidIs410Gone() {
        clock.set(T_MS + 1_000);
        RunningServer.Response response = post("/v1/cmcd/" + RunningServer.INGEST_KEY,
                "e=ps,sn=1,sta=s,ts=" + T_MS + ",v=2\ne=ps,sn=2,sta=p,ts=" + (T_MS + 400) + ",v=2");

        assertThat(response.status()).as(response.body()).isEqualTo(410);
        assertThat(response.json().path("rejected").asInt()).isEqualTo(2);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("view_id");
    }

    /**
     * CMCD has no send time, so a device clock more than 5 minutes ahead puts every report of the session out of the
     * window: 410. A body with one report Playtrace takes is 200, whatever the others are.
     */
    @Test
    void deviceClockOutsideTheWindowIs410ButOneAcceptedReportMakesIt200() {
        clock.set(T_MS - 600_000);
        RunningServer.Response ahead = post("/v1/cmcd/" + RunningServer.INGEST_KEY, report(1, 0, "e=ps,sta=s"));
        RunningServer.Response mixed = post("/v1/cmcd/" + RunningServer.INGEST_KEY, String.join("\n",
                report(1, 0, "e=ps,sta=s"), report(2, -590_000, "e=ps,sta=p")));
        RunningServer.Response syntax = post("/v1/cmcd/" + RunningServer.INGEST_KEY, String.join("\n",
                report(1, 0, "e=ps,sta=s"), "sid=\"x\",ts=\"open"));

        assertThat(ahead.status()).as(ahead.body()).isEqualTo(410);
        assertThat(ahead.json().path("errors").get(0).path("field").asText()).isEqualTo("viewer_time");
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(200);
        assertThat(mixed.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(syntax.status()).as("a broken line may be a passing fault: 400, not 410").isEqualTo(400);
    }

    /**
     * Several reports per body, the way reporters send them: no line feed after the last (@svta/cml-cmcd 2.7.0), a
     * line feed after it (CTA-5004-B's examples), CRLF line ends, and blank lines, all the same reports.
     */
    @Test
    void bodiesWithAndWithoutTheLastLineFeedAreTheSameReports() {
        clock.set(T_MS + 1_000);
        String[] lines = {report(1, 0, "e=ps,sta=s"), report(2, 400, "e=ps,sta=p"), report(3, 900, "e=t,sta=p")};
        String[] bodies = {String.join("\n", lines), String.join("\n", lines) + "\n", String.join("\r\n", lines) + "\r\n",
                "\n" + String.join("\n\n", lines)};

        for (String body : bodies) {
            RunningServer.Response response = post("/v1/cmcd/" + RunningServer.INGEST_KEY, body);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().path("accepted").asInt()).as(body).isEqualTo(3);
            assertThat(response.json().path("rejected").asInt()).as(body).isZero();
        }
        server.flush();

        JsonNode view = server.get("/data/v1/video-views/" + VIEW_ID).json().path("data");
        assertThat(view.path("event_count").asInt()).as("the same three reports, three times").isEqualTo(3);
        assertThat(view.path("time_to_first_frame").asLong()).isEqualTo(400);
    }

    /**
     * Two contents in one session ({@code e=c}, a content change): two views, each with its own numbers; a response
     * received late for the first content's request reports its cid, so it lands in the first view.
     */
    @Test
    void contentChangeIsANewViewWithinTheSession() {
        clock.set(T_MS + 10_000);
        String other = "br=3000,cid=\"vid-other\",sf=h,sid=\"" + SID + "\",st=v,v=2";
        RunningServer.Response response = post("/v1/cmcd/" + RunningServer.INGEST_KEY, String.join("\n",
                report(1, 0, "e=ps,sta=s"),
                report(2, 400, "e=ps,sta=p"),
                report(3, 3_000, "e=ps,sta=e"),
                other + ",e=c,sn=4,sta=e,ts=" + (T_MS + 3_100),
                other + ",e=ps,sn=5,sta=s,ts=" + (T_MS + 3_200),
                report(6, 2_900, "e=rr,rc=200,ttfb=10,ttlb=80,url=\"https://cdn.example/vid-cmcd/seg_9.m4s\""),
                other + ",e=ps,sn=7,sta=p,ts=" + (T_MS + 3_900),
                other + ",e=pr,pr=2,sn=8,ts=" + (T_MS + 5_000),
                other + ",e=ps,sn=9,sta=q,ts=" + (T_MS + 6_000)));
        server.flush();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(9);
        JsonNode first = server.get("/data/v1/video-views/" + VIEW_ID).json().path("data");
        JsonNode second = server.get("/data/v1/video-views/" + CmcdEventMapper.viewId(SID, "vid-other")).json().path("data");
        assertThat(first.path("video_id").asText()).isEqualTo("vid-cmcd");
        assertThat(first.path("time_to_first_frame").asLong()).isEqualTo(400);
        assertThat(first.path("ended").asBoolean()).isTrue();
        assertThat(first.path("events")).extracting(e -> e.path("name").asText())
                .containsExactly("play", "playing", "ended", "requestcompleted");
        assertThat(second.path("video_id").asText()).isEqualTo("vid-other");
        assertThat(second.path("view_start").asText()).isEqualTo(iso(3_100));
        assertThat(second.path("play_requested_at").asText()).isEqualTo(iso(3_200));
        assertThat(second.path("time_to_first_frame").asLong()).isEqualTo(700);
        assertThat(second.path("closed").asBoolean()).isTrue();
        assertThat(second.path("events")).extracting(e -> e.path("name").asText())
                .containsExactly("viewstart", "play", "playing", "ratechange", "viewend");
        assertThat(second.path("events").get(3).path("details").path("player_playback_rate").asDouble()).isEqualTo(2.0);
    }

    /**
     * Past the bound of unstored events: 503 with Retry-After and nothing of the batch kept (a CMCD reporter sends it
     * again on 5xx); the batch sent again once the store caught up is stored once.
     */
    @Test
    void overloadIs503WithRetryAfterAndTheBatchSentAgainIsStoredOnce() {
        server.close();
        server = RunningServer.start(RunningServer.config(dataDir)
                .withBusLimits(new LocalLogBus.Limits(3, 1 << 20, 64 * 1024, Duration.ofSeconds(2)))
                .withFlushPeriod(Duration.ofDays(1)), clock);
        clock.set(T_MS + 1_000);
        String first = String.join("\n", report(1, 0, "e=ps,sta=s"), report(2, 400, "e=ps,sta=p"),
                report(3, 500, "e=t,sta=p"));
        String second = String.join("\n", report(4, 600, "e=ps,sta=a"), report(5, 700, "e=ps,sta=p"));

        assertThat(post("/v1/cmcd/" + RunningServer.INGEST_KEY, first).status()).isEqualTo(200);
        RunningServer.Response refused = post("/v1/cmcd/" + RunningServer.INGEST_KEY, second);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        assertThat(refused.json().path("accepted").asInt()).isZero();

        server.flush();
        assertThat(post("/v1/cmcd/" + RunningServer.INGEST_KEY, second).status()).isEqualTo(200);
        server.flush();
        assertThat(post("/v1/cmcd/" + RunningServer.INGEST_KEY, second).status()).as("a duplicate, still 200").isEqualTo(200);
        server.flush();
        JsonNode view = server.get("/data/v1/video-views/" + VIEW_ID).json().path("data");
        assertThat(view.path("event_count").asInt()).isEqualTo(5);
    }

    @Test
    void reportOfOnlyThePreloadingStateIsAcceptedAndRecordsNothing() {
        // reporters send sta=d alone as the first report of every session
        String body = report(1, 0, "e=ps,sta=d");

        RunningServer.Response response = post("/v1/cmcd?env_key=" + RunningServer.INGEST_KEY, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("accepted").asInt()).isZero();
        assertThat(response.json().path("rejected").asInt()).isZero();
        assertThat(post("/v1/cmcd/nosuchkey", body).status()).isEqualTo(410);
    }

    @Test
    void preflightAllowsAnyOrigin() {
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/v1/cmcd/" + RunningServer.INGEST_KEY))
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
}
