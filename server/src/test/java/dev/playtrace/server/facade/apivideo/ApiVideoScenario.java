package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The known data set of the api.video tests and a small client that behaves like api.video's SDKs.
 *
 * <p>Views (each a play request; "started" ones reach a first frame, so they count in {@code plays}):
 * <pre>
 * id     time (UTC)          video  stream     country device  os       browser  outcome
 * s1     2026-11-20 12:00    vi-a   on-demand  FR      desktop Windows  Chrome   started, seek 10 s → 40 s, ended
 * s2     2026-11-20 12:10    vi-a   on-demand  US      phone   iOS      Safari   started
 * s3     2026-11-20 13:30    vi-b   on-demand  FR      tablet  Android  Chrome   started
 * s4     2026-11-20 14:00    vi-b   on-demand  DE      desktop Windows  Chrome   exit before video start
 * s5     2026-11-20 12:00    li-1   live       GB      tv      Tizen    Samsung  started
 * s6     2026-11-21 09:00    vi-a   (none)     FR      desktop Mac OS   Firefox  started
 * </pre>
 * The server's clock then stands at 2026-11-22 10:00 UTC ("today" is 2026-11-22).
 */
final class ApiVideoScenario {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private ApiVideoScenario() {
    }

    static void sendDataSet(RunningServer server, MutableClock clock) {
        send(server, clock, "2026-11-20T12:00:00Z", "s1", Map.of("video_id", "vi-a", "video_stream_type", "on-demand",
                "country_code", "FR", "viewer_device_category", "desktop", "viewer_os_family", "Windows",
                "viewer_application_name", "Chrome", "viewer_application_version", "120.0",
                "viewer_device_manufacturer", "Dell", "viewer_device_model", "XPS 13"), true);
        send(server, clock, "2026-11-20T12:10:00Z", "s2", Map.of("video_id", "vi-a", "video_stream_type", "on-demand",
                "country_code", "US", "viewer_device_category", "phone", "viewer_os_family", "iOS",
                "viewer_application_name", "Safari"), false);
        send(server, clock, "2026-11-20T13:30:00Z", "s3", Map.of("video_id", "vi-b", "video_stream_type", "on-demand",
                "country_code", "FR", "viewer_device_category", "tablet", "viewer_os_family", "Android",
                "viewer_application_name", "Chrome"), false);
        exitBeforeStart(server, clock, "2026-11-20T14:00:00Z", "s4", Map.of("video_id", "vi-b",
                "video_stream_type", "on-demand", "country_code", "DE", "viewer_device_category", "desktop",
                "viewer_os_family", "Windows", "viewer_application_name", "Chrome"));
        send(server, clock, "2026-11-20T12:00:00Z", "s5", Map.of("video_id", "li-1", "video_stream_type", "live",
                "country_code", "GB", "viewer_device_category", "tv", "viewer_os_family", "Tizen",
                "viewer_application_name", "Samsung"), false);
        send(server, clock, "2026-11-21T09:00:00Z", "s6", Map.of("video_id", "vi-a",
                "country_code", "FR", "viewer_device_category", "desktop", "viewer_os_family", "Mac OS",
                "viewer_application_name", "Firefox"), false);
        clock.set(NOW.toEpochMilli());
        server.flush();
    }

    /**
     * A started view: viewstart and play at 0, first frame at 1 s; with {@code seekAndEnd} a pause at 5 s (playhead
     * 4 s), a resume at 8 s, a seek from playhead 10 s to 40 s at 14-15 s and the end at 30 s (playhead 55 s).
     */
    private static void send(RunningServer server, MutableClock clock, String start, String viewId,
            Map<String, Object> metadata, boolean seekAndEnd) {
        long baseMs = Instant.parse(start).toEpochMilli();
        BeaconBuilder beacon = new BeaconBuilder(INGEST_KEY, baseMs).view(viewId)
                .at(0, "viewstart", metadata).at(0, "play", playhead(0)).at(1_000, "playing", playhead(0));
        long endMs = 20_000;
        if (seekAndEnd) {
            beacon.at(5_000, "pause", playhead(4_000)).at(8_000, "play", playhead(4_000))
                    .at(8_100, "playing", playhead(4_000))
                    .at(14_000, "seeking", playhead(10_000)).at(15_000, "seeked", playhead(40_000))
                    .at(30_000, "ended", playhead(55_000));
            endMs = 31_000;
        }
        beacon.at(endMs, "viewend", playhead(endMs == 31_000 ? 55_000 : 19_000)).sentAt(endMs);
        clock.set(baseMs + endMs);
        assertThat(server.postBeacon(beacon.build()).status()).isEqualTo(200);
    }

    private static void exitBeforeStart(RunningServer server, MutableClock clock, String start, String viewId,
            Map<String, Object> metadata) {
        long baseMs = Instant.parse(start).toEpochMilli();
        String beacon = new BeaconBuilder(INGEST_KEY, baseMs).view(viewId).sentAt(4_000)
                .at(0, "viewstart", metadata).at(0, "play").at(4_000, "viewend").build();
        clock.set(baseMs + 4_000);
        assertThat(server.postBeacon(beacon).status()).isEqualTo(200);
    }

    private static Map<String, Object> playhead(long ms) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("player_playhead_time", ms);
        return fields;
    }

    /** The default project's api.video key, as printed to the operator. */
    static String defaultKey(RunningServer server) {
        return apiVideoKey(server.server().defaultProject());
    }

    static String apiVideoKey(dev.playtrace.server.ProjectAdmin.Credentials credentials) {
        return credentials.facadeKeys().stream().filter(key -> key.environmentVariable().equals("PLAYTRACE_APIVIDEO_API_KEY"))
                .findFirst().orElseThrow().value();
    }

    /** {@code POST /auth/api-key}; returns the whole answer. */
    static RunningServer.Response authenticate(RunningServer server, String body) {
        return post(server, "/auth/api-key", body);
    }

    static RunningServer.Response post(RunningServer server, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String accessToken(RunningServer server, String apiKey) {
        RunningServer.Response response = authenticate(server, "{\"apiKey\":\"" + apiKey + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("access_token").asText();
    }

    static RunningServer.Response bearer(RunningServer server, String token, String pathAndQuery) {
        return server.send(HttpRequest.newBuilder(server.uri(pathAndQuery))
                .header("Authorization", "Bearer " + token).header("AV-Origin-Client", "java:1.3.1").GET().build());
    }

    static RunningServer.Response basic(RunningServer server, String apiKey, String pathAndQuery) {
        String credentials = Base64.getEncoder().encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8));
        return server.send(HttpRequest.newBuilder(server.uri(pathAndQuery))
                .header("Authorization", "Basic " + credentials).GET().build());
    }

    /** GET with Basic auth that must answer 200; returns the JSON body. */
    static JsonNode ok(RunningServer server, String apiKey, String pathAndQuery) {
        RunningServer.Response response = basic(server, apiKey, pathAndQuery);
        assertThat(response.status()).as(pathAndQuery + " → " + response.body()).isEqualTo(200);
        return response.json();
    }

}
