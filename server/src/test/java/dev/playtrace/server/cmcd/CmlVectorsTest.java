package dev.playtrace.server.cmcd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.ingest.decode.CmcdEventMapper;
import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CMCD v2 event-mode vectors of the SVTA Common Media Library ({@code @svta/cml-cmcd}; copied with attribution in
 * {@code cmcd/cml-cmcd-vectors.txt}), each posted as {@code application/cmcd} to {@code /v1/cmcd} under a project of
 * its own, with the server's clock just after the vector's last {@code ts}: every report the library calls valid is
 * accepted and stored with what it carries.
 */
class CmlVectorsTest {
    private static final Pattern TS = Pattern.compile("(?:^|,)ts=(\\d+)");

    @TempDir
    static Path dataDir;
    private static MutableClock clock;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.ofEpochMilli(1_700_000_000_000L));
        server = RunningServer.start(dataDir, clock);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** @param verdict what validateCmcdEventReport of @svta/cml-cmcd 2.7.0 says of the body ("valid", or why not) */
    record Vector(String name, String verdict, String body) {
        int reports() {
            return (int) body.lines().filter(line -> !line.isBlank()).count();
        }

        long lastTs() {
            Matcher matcher = TS.matcher(body.replace('\n', ','));
            long last = 0;
            while (matcher.find()) {
                last = Math.max(last, Long.parseLong(matcher.group(1)));
            }
            return last;
        }
    }

    static Map<String, Vector> vectors() {
        String text;
        try (InputStream in = CmlVectorsTest.class.getResourceAsStream("/cmcd/cml-cmcd-vectors.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Vector> vectors = new LinkedHashMap<>();
        String name = null;
        String verdict = null;
        List<String> lines = new ArrayList<>();
        for (String line : (text + "\n== end").split("\n")) {
            if (line.startsWith("#") || line.startsWith("| ") || line.isEmpty()) {
                continue;
            }
            if (line.startsWith("! ")) {
                verdict = line.substring(2);
            } else if (line.startsWith("== ")) {
                if (name != null) {
                    vectors.put(name, new Vector(name, verdict, String.join("\n", lines)));
                }
                name = line.substring(3);
                lines.clear();
            } else {
                lines.add(line.equals("<blank>") ? "" : line);
            }
        }
        return vectors;
    }

    private record Posted(RunningServer.Response response, ProjectAdmin.Credentials project) {
        JsonNode view(String id) {
            RunningServer.Response view = server.get("/data/v1/video-views/" + id, project.tokenId(), project.tokenSecret());
            assertThat(view.status()).as(view.body()).isEqualTo(200);
            return view.json().path("data");
        }
    }

    private static Posted post(Vector vector, String contentType) {
        ProjectAdmin.Credentials project = server.createProject("vector " + vector.name());
        clock.set(vector.lastTs() + 1_000);
        RunningServer.Response response = server.send(HttpRequest.newBuilder(
                        server.uri("/v1/cmcd?env_key=" + project.project().ingestKey()))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(vector.body())).build());
        server.flush();
        return new Posted(response, project);
    }

    /**
     * Every vector is taken whole, valid or not by the library (Playtrace takes any report it can read), except the
     * spec's minimal report 8.2.1, which has no sid: no view can ever be made of its session, so the reporter is told
     * to stop (410).
     */
    @Test
    void everyVectorIsAcceptedWholeButASessionWithoutSidIsGone() {
        Map<String, Vector> vectors = vectors();
        assertThat(vectors).hasSize(15);
        assertThat(vectors.values()).filteredOn(v -> v.verdict().equals("valid")).hasSize(12);
        for (Vector vector : vectors.values()) {
            RunningServer.Response response = post(vector, "application/cmcd").response();

            if (vector.name().equals("CTA-5004-B 8.2.1")) {
                assertThat(response.status()).as(response.body()).isEqualTo(410);
                assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("view_id");
                continue;
            }
            assertThat(response.status()).as(vector.name() + ": " + response.body()).isEqualTo(200);
            assertThat(response.json().path("accepted").asInt()).as(vector.name()).isEqualTo(vector.reports());
            assertThat(response.json().path("rejected").asInt()).as(vector.name()).isZero();
        }
    }

    /** CTA-5004-B 8.2.3: a response received, with a relative url and no sn. */
    @Test
    void specResponseReceivedExampleIsARequest() {
        Posted posted = post(vectors().get("CTA-5004-B 8.2.3"), "application/cmcd");

        JsonNode event = posted.view(CmcdEventMapper.viewId("session1", "bbb")).path("events").get(0);
        assertThat(event.path("name").asText()).isEqualTo("requestcompleted");
        assertThat(event.path("details").path("request_url").asText()).isEqualTo("video/segment-5.m4v");
        assertThat(event.path("details").has("request_hostname")).isFalse();
        assertThat(event.path("details").path("request_response_end").asLong()).isEqualTo(1_763_657_019_923L);
        assertThat(event.path("details").path("cmcd_nor").asText()).isEqualTo("video/segment-6.m4v");
        assertThat(event.path("details").path("cmcd_ot").asText()).isEqualTo("v");
    }

    /**
     * CTA-5004-B 8.2.8: an ad break. abs and abe carry the programme's cid, as and ae the ad's: the break is on the
     * programme's view, the ad's events on a view of the ad's own, which has no play request and so counts in no metric.
     */
    @Test
    void specAdBreakExampleKeepsTheAdApartFromTheProgramme() {
        Posted posted = post(vectors().get("CTA-5004-B 8.2.8"), "application/cmcd");

        JsonNode programme = posted.view(CmcdEventMapper.viewId("session-id-123", "movie-123"));
        JsonNode ad = posted.view(CmcdEventMapper.viewId("session-id-123", "ad-001"));
        assertThat(programme.path("events")).extracting(e -> e.path("name").asText())
                .containsExactlyInAnyOrder("adbreakstart", "adbreakend");
        assertThat(ad.path("events")).extracting(e -> e.path("name").asText()).containsExactly("adplaying", "adended");
        assertThat(ad.path("play_requested_at").isNull()).isTrue();
        assertThat(ad.path("events").get(1).path("details").path("cmcd_nr").asBoolean()).isTrue();
    }

    /** Every key of the library's full event report is stored: mapped to its field, else kept as {@code cmcd_<key>}. */
    @Test
    void timeIntervalReportKeepsEveryKey() {
        Posted posted = post(vectors().get("CMCD_STRING_EVENT"), "application/cmcd");

        JsonNode view = posted.view(CmcdEventMapper.viewId("session-id", "content-id"));
        assertThat(view.path("video_id").asText()).isEqualTo("content-id");
        assertThat(view.path("video_cdn").asText()).isEqualTo("cdn-provider");
        assertThat(view.path("video_stream_type").asText()).isEqualTo("on-demand");
        JsonNode event = view.path("events").get(0);
        assertThat(event.path("name").asText()).isEqualTo("hb");
        assertThat(event.path("viewer_time").asLong()).isEqualTo(1_640_995_200_000L);
        assertThat(event.path("playback_time").asLong()).isEqualTo(45_000);
        JsonNode details = event.path("details");
        assertThat(details.path("video_source_bitrate").asLong()).isEqualTo(1_000_000); // pb=(1000) kbps, at the playhead
        assertThat(details.path("cmcd_sid").asText()).isEqualTo("session-id");
        assertThat(details.path("cmcd_ec").asText()).isEqualTo("ERR001 ERR002");
        assertThat(details.path("cmcd_msd").asLong()).isEqualTo(2_500);
        assertThat(details.path("cmcd_bl").asLong()).isEqualTo(5_000);
        assertThat(details.path("cmcd_mtp").asLong()).isEqualTo(10_000);
        assertThat(details.path("cmcd_br").asLong()).isEqualTo(200);
        assertThat(details.path("cmcd_bs").asBoolean()).isTrue();
        assertThat(details.path("cmcd_sta").asText()).isEqualTo("p");
        assertThat(details.path("cmcd_nor").asText()).isEqualTo("../testing/3.m4v");
        assertThat(details.path("cmcd_com.example-hello").asText()).isEqualTo("world");
        assertThat(details.path("cmcd_com.example-quote").asText()).isEqualTo("\"Quote\"");
        assertThat(details.path("cmcd_com.example-testing").asLong()).isEqualTo(1_234);
        assertThat(details.path("cmcd_com.example-token").asText()).isEqualTo("s");
        assertThat(details.has("cmcd_e")).isFalse();
        assertThat(details.has("cmcd_v")).isFalse();
    }

    /** {@code e=rr}: mux-embed's request fields; {@code ts} is when the request started (CTA-5004-B). */
    @Test
    void responseReceivedReportIsARequestWithItsTimings() {
        Posted posted = post(vectors().get("CMCD_STRING_RESPONSE"), "application/cmcd; charset=utf-8");

        JsonNode event = posted.view(CmcdEventMapper.viewId("session-id", "content-id")).path("events").get(0);
        assertThat(event.path("name").asText()).isEqualTo("requestcompleted");
        assertThat(event.path("viewer_time").asLong()).isEqualTo(1_640_995_200_000L);
        JsonNode details = event.path("details");
        assertThat(details.path("request_url").asText()).isEqualTo("https://example.com/media/segment.m4s");
        assertThat(details.path("request_hostname").asText()).isEqualTo("example.com");
        assertThat(details.path("request_response_code").asInt()).isEqualTo(200);
        assertThat(details.path("request_start").asLong()).isEqualTo(1_640_995_200_000L);
        assertThat(details.path("request_response_start").asLong()).isEqualTo(1_640_995_200_150L);
        assertThat(details.path("request_response_end").asLong()).isEqualTo(1_640_995_200_500L);
        assertThat(details.path("cmcd_ttfbb").asLong()).isEqualTo(200);
        assertThat(details.path("cmcd_smrt").asText()).isEqualTo("12345");
        assertThat(details.path("cmcd_cmsdd").asText()).isEqualTo("base64-encoded-cmsd-dynamic-data");
        assertThat(details.has("request_error_code")).isFalse();
    }

    /**
     * The library's valid examples carry no {@code sn} (CTA-5004-B does not require it): the reports are numbered by
     * {@code ts} and line, so they keep their order, and the same body sent again is a duplicate.
     */
    @Test
    void reportsWithoutSequenceNumbersAreOrderedAndARepeatedBodyIsADuplicate() {
        Vector vector = vectors().get("validateCmcdEvents: ignores blank lines");
        Posted posted = post(vector, "application/cmcd");
        RunningServer.Response again = server.send(HttpRequest.newBuilder(
                        server.uri("/v1/cmcd/" + posted.project().project().ingestKey()))
                .header("Content-Type", "application/cmcd")
                .POST(HttpRequest.BodyPublishers.ofString(vector.body())).build());
        server.flush();

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        JsonNode view = posted.view("s1");
        assertThat(view.path("event_count").asInt()).isEqualTo(2);
        assertThat(view.path("events")).extracting(e -> e.path("name").asText()).containsExactly("playing", "hb");
        assertThat(view.path("events")).extracting(e -> e.path("sequence_number").asLong())
                .containsExactly(1_700_000_000_000_000L, 1_700_000_001_000_001L);
    }
}
