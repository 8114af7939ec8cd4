package dev.playtrace.server.cmcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playtrace.ingest.decode.CmcdEventMapper;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SVTA reference reporter, {@code @svta/cml-cmcd}'s {@code CmcdReporter} (pinned in {@code src/test/web}), run
 * by Node through a scripted session on a fake clock ({@code src/test/web/cmcd-reporter-session.mjs}) and posting to
 * a real Playtrace with its own requester. Each request it made is also checked by the library's
 * {@code validateCmcdEventReport} (CTA-5004-B event mode), so the test holds Playtrace to what the reference
 * implementation sends, not to what this test writes.
 */
class CmcdReporterSessionTest {
    private static final long T0_MS = 1_795_390_036_000L;
    private static final Path WEB = Path.of("src/test/web");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private RunningServer server;

    @BeforeEach
    void start() {
        server = RunningServer.start(dataDir, new MutableClock(Instant.ofEpochMilli(T0_MS + 10_000)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs a scenario of the script to its end and returns the requests the reporter made, in order. */
    private static List<JsonNode> run(String scenario, String collectorUrl) {
        assertThat(WEB.resolve("node_modules/@svta/cml-cmcd/package.json"))
                .as("npm packages of the browser tests (the build runs npm ci in src/test/web)").exists();
        List<JsonNode> requests = new ArrayList<>();
        try {
            Process node = new ProcessBuilder("node", "cmcd-reporter-session.mjs", scenario, collectorUrl,
                    Long.toString(T0_MS)).directory(WEB.toFile()).redirectErrorStream(true).start();
            boolean done = false;
            StringBuilder output = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                    JsonNode json = line.startsWith("{") ? JSON.readTree(line) : null;
                    if (json != null && json.path("done").asBoolean()) {
                        done = true;
                    } else if (json != null) {
                        requests.add(json);
                    }
                }
            }
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node ended").isTrue();
            assertThat(done).as(output.toString()).isTrue();
            assertThat(node.exitValue()).as(output.toString()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return requests;
    }

    private JsonNode view(String id) {
        RunningServer.Response response = server.get("/data/v1/video-views/" + id);
        assertThat(response.status()).as(id + ": " + response.body()).isEqualTo(200);
        return response.json().path("data");
    }

    /**
     * <pre>
     * t (ms)  reporter call                         view
     *     0   update(sta=d, st=v, br=3000), start   movie-1 (preloading: no event; bc, t)
     *   100   update(sta=s)                         movie-1 play
     *   500   update(sta=p)                         movie-1 playing: startup 400
     *   800   response 200 (request 300 to 700)     movie-1 requestcompleted at 300
     *  2500   update(pr=2)                          movie-1 ratechange
     *  3000   update(sta=r)                         movie-1 waiting
     *  3750   update(sta=p)                         movie-1 playing: one stall of 750
     *  6000   update(sta=e)                         movie-1 ended
     *  6200   update(cid=movie-2)                   movie-2 viewstart (e=c)
     *  6300   update(sta=s)                         movie-2 play
     *  6900   update(sta=p)                         movie-2 playing: startup 600
     *  7000   response 404 (request 6950 to 6980)   movie-2 requestfailed
     *  8000   update(sta=f), recordEvent(e)         movie-2 fatal error, then the error event (a warning)
     * </pre>
     * movie-1: playing (3000 - 500) + (6000 - 3750) = 4750, watch time 6000 - 100 = 5900, play duration 5500.
     */
    @Test
    void referenceReporterSessionWithTwoContentsBecomesTwoViews() {
        List<JsonNode> requests = run("twoContents", server.uri("/v1/cmcd?env_key=" + RunningServer.INGEST_KEY).toString());
        server.flush();

        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.path("valid").asBoolean()).as("CML validator: " + request).isTrue();
            assertThat(request.path("contentType").asText()).isEqualTo("application/cmcd");
            assertThat(request.path("status").asInt()).as(request.toString()).isEqualTo(200);
            assertThat(request.path("answer").asText()).contains("\"rejected\":0");
        });
        assertThat(requests).as("several reports per body, no line feed after the last")
                .anyMatch(request -> request.path("body").asText().lines().count() == 3)
                .allMatch(request -> !request.path("body").asText().endsWith("\n"));
        String bodies = requests.stream().map(r -> r.path("body").asText()).reduce("", String::concat);
        assertThat(bodies).contains("e=rr", "e=pr", "e=c,", "e=bc", "e=e,");

        JsonNode first = view(CmcdEventMapper.viewId("node-session", "movie-1"));
        assertThat(first.path("video_id").asText()).isEqualTo("movie-1");
        assertThat(first.path("play_requested_at").asText()).isEqualTo(Instant.ofEpochMilli(T0_MS + 100).toString());
        assertThat(first.path("time_to_first_frame").asLong()).isEqualTo(400);
        assertThat(first.path("rebuffer_count").asInt()).isEqualTo(1);
        assertThat(first.path("rebuffer_duration").asLong()).isEqualTo(750);
        assertThat(first.path("view_playing_time").asText()).isEqualTo("4750");
        assertThat(first.path("watch_time").asLong()).isEqualTo(5_900);
        assertThat(first.path("play_duration").asLong()).isEqualTo(5_500);
        assertThat(first.path("ended").asBoolean()).isTrue();
        assertThat(first.path("weighted_average_bitrate").asDouble()).isEqualTo(3_000_000.0);
        JsonNode request = eventNamed(first, "requestcompleted");
        assertThat(request.path("viewer_time").asLong()).isEqualTo(T0_MS + 300);
        assertThat(request.path("details").path("request_url").asText())
                .isEqualTo("https://cdn.example/movie-1/seg_001.m4s");
        assertThat(request.path("details").path("request_response_start").asLong()).isEqualTo(T0_MS + 350);
        assertThat(request.path("details").path("request_response_end").asLong()).isEqualTo(T0_MS + 700);
        assertThat(eventNamed(first, "ratechange").path("details").path("player_playback_rate").asDouble()).isEqualTo(2.0);

        JsonNode second = view(CmcdEventMapper.viewId("node-session", "movie-2"));
        assertThat(second.path("video_id").asText()).isEqualTo("movie-2");
        assertThat(second.path("view_start").asText()).isEqualTo(Instant.ofEpochMilli(T0_MS + 6_200).toString());
        assertThat(second.path("time_to_first_frame").asLong()).isEqualTo(600);
        assertThat(second.path("outcome").asText()).isEqualTo("started");
        assertThat(second.path("playback_failure").asBoolean()).isTrue();
        assertThat(second.path("player_error_code").asText()).isEqualTo("MEDIA_ERR_NETWORK");
        assertThat(eventNamed(second, "requestfailed").path("details").path("request_error_code").asInt()).isEqualTo(404);
    }

    /** Playtrace's 410 (unknown ingest key) makes the reference reporter stop for the session; a new session tries again. */
    @Test
    void goneStopsTheReferenceReporterForTheSession() {
        List<JsonNode> requests = run("gone", server.uri("/v1/cmcd?env_key=nosuchkey").toString());

        assertThat(requests).extracting(r -> r.path("status").asInt()).containsOnly(410);
        // the reports of t=0 (sta=d, the first time interval) leave before the first 410 comes back; none after it
        assertThat(requests).filteredOn(r -> r.path("body").asText().contains("sid=\"gone-session-1\""))
                .isNotEmpty().noneMatch(r -> r.path("body").asText().matches("(?s).*sta=[sp][,\\n].*"));
        assertThat(requests).filteredOn(r -> r.path("body").asText().contains("sid=\"gone-session-2\"")).isNotEmpty();
    }

    private static JsonNode eventNamed(JsonNode view, String name) {
        for (JsonNode event : view.path("events")) {
            if (event.path("name").asText().equals(name)) {
                return event;
            }
        }
        throw new AssertionError("no " + name + " event in " + view);
    }
}
