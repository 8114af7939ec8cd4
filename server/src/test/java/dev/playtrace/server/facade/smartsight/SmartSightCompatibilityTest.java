package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.playtrace.server.facade.smartsight.SmartSightFixture.PERIOD;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.T0;
import static dev.playtrace.server.facade.smartsight.SmartSightFixture.ok;
import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static dev.playtrace.server.support.RunningServer.PROJECT_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_ID;
import static dev.playtrace.server.support.RunningServer.TOKEN_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** Session listing, the plan level check, and requests written the way curl sends the seed's examples. */
class SmartSightCompatibilityTest {
    @TempDir
    Path dataDir;
    private RunningServer server;
    private String accessToken;

    @BeforeEach
    void start() {
        MutableClock clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
        SmartSightFixture.sendFiveViews(server, clock);
        accessToken = SmartSightFixture.clientCredentialsToken(server, TOKEN_ID, TOKEN_SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listSessionsGivesOneRowPerViewNewestEndFirst() {
        // every beacon arrived at T0 + 62 s and was sent at its last event, so the views end at T0 + 62 s (ties go
        // by session id, in the same direction), except the failed one, which ended at its fatal error a second before
        JsonNode body = ok(SmartSightFixture.getWithBearer(server, "/mm-apis/listsessions/" + PROJECT_ID + "?" + PERIOD + "&limit=2",
                accessToken));

        assertThat(body.path("totalrecords").asInt()).isEqualTo(5);
        assertThat(body.path("pagecount").asInt()).isEqualTo(3);
        assertThat(body.path("response").findValuesAsText("sessionid")).containsExactly("seek", "rebuffer");
        JsonNode seek = body.path("response").get(0);
        assertThat(seek.path("status").asText()).isEqualTo("ENDED");
        assertThat(seek.path("playdur").asDouble()).isEqualTo(28.0);
        assertThat(seek.path("latency").asDouble()).isEqualTo(2.0);
        assertThat(seek.path("streamtype").asText()).isEqualTo("vod");
    }

    private JsonNode listSessions(String query) {
        return ok(SmartSightFixture.getWithBearer(server, "/mm-apis/listsessions/" + PROJECT_ID + "?" + PERIOD + query,
                accessToken));
    }

    /** totalcount = totalrecords = sessions in all; pagecount and every row's totalpages = pages (vendor_apis.md §3). */
    private static void assertEnvelope(JsonNode body, long sessions, long pages, List<String> sessionIds) {
        assertThat(body.path("totalcount").asLong()).as(body.toString()).isEqualTo(sessions);
        assertThat(body.path("totalrecords").asLong()).isEqualTo(sessions);
        assertThat(body.path("pagecount").asLong()).isEqualTo(pages);
        assertThat(body.path("response").findValuesAsText("sessionid")).containsExactlyElementsOf(sessionIds);
        for (JsonNode row : body.path("response")) {
            assertThat(row.path("totalpages").asLong()).isEqualTo(pages);
        }
    }

    @Test
    void listSessionsPagesCountPagesOfTheWholeListAtEveryBoundary() {
        // newest end first: seek, rebuffer, ebvs, clean (all end at T0 + 62 s, ties by id descending), then vsf
        assertEnvelope(listSessions("&limit=2"), 5, 3, List.of("seek", "rebuffer"));
        assertEnvelope(listSessions("&limit=2&offset=2"), 5, 3, List.of("ebvs", "clean"));
        assertEnvelope(listSessions("&limit=2&offset=4"), 5, 3, List.of("vsf"));
        assertEnvelope(listSessions("&limit=2&offset=5"), 5, 3, List.of());
        assertEnvelope(listSessions("&limit=2&offset=2147483647"), 5, 3, List.of());
        assertEnvelope(listSessions("&limit=1&offset=4"), 5, 5, List.of("vsf"));
        assertEnvelope(listSessions("&limit=4"), 5, 2, List.of("seek", "rebuffer", "ebvs", "clean"));
        assertEnvelope(listSessions("&limit=5"), 5, 1, List.of("seek", "rebuffer", "ebvs", "clean", "vsf"));
        assertEnvelope(listSessions("&limit=6"), 5, 1, List.of("seek", "rebuffer", "ebvs", "clean", "vsf"));
        assertEnvelope(listSessions("&limit=100000&order=asc"), 5, 1, List.of("vsf", "clean", "ebvs", "rebuffer", "seek"));
        // no limit: the documented page of 1,000
        assertEnvelope(listSessions(""), 5, 1, List.of("seek", "rebuffer", "ebvs", "clean", "vsf"));
    }

    @Test
    void listSessionsRefusesLimitsOutsideOneToOneHundredThousand() {
        for (String limit : List.of("0", "-1", "100001", "ten")) {
            RunningServer.Response response = SmartSightFixture.getWithBearer(server, "/mm-apis/listsessions/" + PROJECT_ID
                    + "?" + PERIOD + "&limit=" + limit, accessToken);
            assertThat(response.status()).as(limit + ": " + response.body()).isEqualTo(400);
            assertThat(response.json().path("message").asText()).contains("limit");
        }
        RunningServer.Response negativeOffset = SmartSightFixture.getWithBearer(server, "/mm-apis/listsessions/" + PROJECT_ID
                + "?" + PERIOD + "&offset=-1", accessToken);
        assertThat(negativeOffset.status()).isEqualTo(400);
        assertThat(negativeOffset.json().path("message").asText()).contains("offset");
    }

    @Test
    void listSessionsPagesOverOpenSessionsOnlyWithAllstatus() {
        assertThat(server.postBeacon(new BeaconBuilder(INGEST_KEY, T0.toEpochMilli()).view("still-playing").sentAt(2_000)
                .at(0, "viewstart", Map.of("video_id", "v-open", "video_cdn", "A")).at(0, "play").at(1_000, "playing")
                .build()).status()).isEqualTo(200);
        server.flush();

        // the open session counts only with allstatus=1, and pages are counted in the store either way
        assertEnvelope(listSessions("&limit=2&offset=4"), 5, 3, List.of("vsf"));
        // oldest end first: the open one and vsf end at T0 + 61 s (ties by id), the other four at T0 + 62 s
        JsonNode first = listSessions("&allstatus=1&limit=2&order=asc");
        assertEnvelope(first, 6, 3, List.of("still-playing", "vsf"));
        assertThat(first.path("response").get(0).path("status").asText()).isEqualTo("RUNNING");
        assertEnvelope(listSessions("&allstatus=1&limit=2&offset=2&order=asc"), 6, 3, List.of("clean", "ebvs"));
        assertEnvelope(listSessions("&allstatus=1&limit=2&offset=4&order=asc"), 6, 3, List.of("rebuffer", "seek"));
        assertEnvelope(listSessions("&allstatus=1&limit=2&offset=6&order=asc"), 6, 3, List.of());
    }

    @Test
    void listSessionsOverAnEmptyPeriodIsOneEmptyPage() {
        JsonNode body = ok(SmartSightFixture.getWithBearer(server, "/mm-apis/listsessions/" + PROJECT_ID
                + "?period=start=1,end=2", accessToken));

        assertThat(body.toString()).isEqualTo("{\"totalcount\":0,\"pagecount\":1,\"totalrecords\":0,\"response\":[]}");
    }

    @Test
    void listSessionsFiltersLikeTheMetricEndpoints() {
        JsonNode body = ok(SmartSightFixture.getWithBearer(server, "/mm-apis/listsessions/" + PROJECT_ID + "?" + PERIOD
                + "&order=asc&filter=" + SmartSightFixture.encode("[cdn=A]"), accessToken));

        assertThat(body.path("response").findValuesAsText("sessionid")).containsExactly("clean", "rebuffer", "seek");
        JsonNode clean = body.path("response").get(0);
        assertThat(clean.path("subscriberid").asText()).isEqualTo("sub-1");
        assertThat(clean.path("playdur").asDouble()).isEqualTo(50.0);
        assertThat(clean.path("latency").asDouble()).isEqualTo(1.0);
        assertThat(body.path("response").get(1).path("streamtype").asText()).isEqualTo("live");

        JsonNode cdnB = ok(SmartSightFixture.getWithBearer(server, "/mm-apis/listsessions/" + PROJECT_ID + "?" + PERIOD
                + "&order=asc&filter=" + SmartSightFixture.encode("[cdn=B]"), accessToken));
        assertThat(cdnB.path("response").findValuesAsText("sessionid")).containsExactly("vsf", "ebvs");
        JsonNode failed = cdnB.path("response").get(0);
        assertThat(failed.path("fatalerrors").asInt()).isEqualTo(1);
        assertThat(failed.path("errorcode").asText()).isEqualTo("MEDIA_ERR_NETWORK");
        assertThat(failed.path("outcome").asText()).isEqualTo("startupfailure");
        assertThat(failed.path("latency").isNull()).isTrue();
    }

    @Test
    void aConfiguredPlanLevelMustMatch() {
        ProjectAdmin.Credentials planned = server.server().admin().createProject("proj_planned", "planned", "plannedingest",
                "planned-token", "planned-secret", Map.of("PLAYTRACE_SMARTSIGHT_PLANLEVEL", "6831"));
        String token = SmartSightFixture.clientCredentialsToken(server, "planned-token", "planned-secret");
        String path = "/mm-apis/session/" + planned.project().id() + "?" + PERIOD + "&metrics=attempts&planlevel=";

        assertThat(SmartSightFixture.getWithBearer(server, path + "6831", token).status()).isEqualTo(200);
        assertThat(SmartSightFixture.getWithBearer(server, path + "7000", token).status()).isEqualTo(403);
        // no plan level configured: any is accepted
        assertThat(SmartSightFixture.getWithBearer(server, "/mm-apis/session/" + PROJECT_ID + "?" + PERIOD
                + "&metrics=attempts&planlevel=anything", accessToken).status()).isEqualTo(200);
    }

    @Test
    void unencodedBracketsAndPipesAsCurlSendsThem() throws IOException {
        String target = "/mm-apis/session/" + PROJECT_ID + "?planlevel=6831&" + PERIOD
                + "&metrics=attempts,viewercount&filter=[cdn=A|B][streamtype=vod]";

        JsonNode body = rawGet(target);

        assertThat(body.path("response").get(0).path("attempts").asLong()).isEqualTo(4);
        assertThat(body.path("response").get(0).path("viewercount").asLong()).isEqualTo(2);
    }

    /** A GET written byte for byte, since java.net.URI refuses the characters curl sends unencoded. */
    private JsonNode rawGet(String target) throws IOException {
        int port = server.uri("/").getPort();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer " + accessToken
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int next = in.read();
                assertThat(next).as("response ended early: " + head).isNotNegative();
                head.write(next);
            }
            String headers = head.toString(StandardCharsets.US_ASCII);
            assertThat(headers).as(headers).startsWith("HTTP/1.1 200");
            int length = Integer.parseInt(headers.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                    .findFirst().orElseThrow().substring("content-length:".length()).trim());
            return Json.MAPPER.readTree(in.readNBytes(length));
        }
    }
}
