package dev.playtrace.server.facade.smartsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five hand-written views at T0 with known numbers, and a small SmartSight client (token endpoint, Bearer GETs).
 *
 * <pre>
 * view      video       cdn  stream     subscriber outcome  startup  play duration  rebuffer  seek buffer
 * clean     v-clean     A    on-demand  sub-1      ended    1000 ms  50 000 ms     0         0
 * ebvs      v-ebvs      B    on-demand  -          EBVS     -        0             0         0
 * vsf       v-vsf       B    on-demand  -          VSF      -        0             0         0
 * rebuffer  v-rebuffer  A    live       sub-2      ended    500 ms   20 000 ms     2000 ms   0
 * seek      v-seek      A    on-demand  -          ended    2000 ms  28 000 ms     0         3000 ms
 * </pre>
 */
final class SmartSightFixture {
    static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    static final long T0_MS = T0.toEpochMilli();
    static final long START_S = T0.getEpochSecond() - 3600;
    static final long END_S = T0.getEpochSecond() + 3600;
    static final String PERIOD = "period=start=" + START_S + ",end=" + END_S;
    static final String NATIVE_WINDOW = "timeframe[]=" + START_S + "&timeframe[]=" + END_S;

    private SmartSightFixture() {
    }

    static void sendFiveViews(RunningServer server, MutableClock clock) {
        clock.set(T0_MS + 62_000);
        String[] bodies = {
                new BeaconBuilder(INGEST_KEY, T0_MS).view("clean").sentAt(62_000)
                        .at(0, "viewstart", meta("v-clean", "A", "on-demand", "sub-1")).at(0, "play").at(1_000, "playing")
                        .at(31_000, "pause").at(41_000, "play").at(41_100, "playing")
                        .at(61_000, "ended").at(62_000, "viewend").build(),
                new BeaconBuilder(INGEST_KEY, T0_MS).view("ebvs").sentAt(5_000)
                        .at(0, "viewstart", meta("v-ebvs", "B", "on-demand", null)).at(0, "play").at(5_000, "viewend").build(),
                new BeaconBuilder(INGEST_KEY, T0_MS).view("vsf").sentAt(3_000)
                        .at(0, "viewstart", meta("v-vsf", "B", "on-demand", null)).at(0, "play")
                        .at(2_000, "error", Map.of("player_error_code", "MEDIA_ERR_NETWORK", "player_error_message", "network down"))
                        .at(3_000, "viewend").build(),
                new BeaconBuilder(INGEST_KEY, T0_MS).view("rebuffer").sentAt(20_500)
                        .at(0, "viewstart", meta("v-rebuffer", "A", "live", "sub-2")).at(0, "play").at(500, "playing")
                        .at(10_500, "waiting").at(12_500, "playing").at(20_500, "viewend").build(),
                new BeaconBuilder(INGEST_KEY, T0_MS).view("seek").sentAt(30_000)
                        .at(0, "viewstart", meta("v-seek", "A", "on-demand", null)).at(0, "play").at(2_000, "playing")
                        .at(10_000, "seeking").at(10_500, "seeked").at(13_000, "playing").at(30_000, "viewend").build()};
        for (String body : bodies) {
            assertThat(server.postBeacon(body).status()).isEqualTo(200);
        }
        server.flush();
    }

    private static Map<String, Object> meta(String videoId, String cdn, String streamType, String subscriber) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("video_id", videoId);
        fields.put("video_cdn", cdn);
        fields.put("video_stream_type", streamType);
        fields.put("mux_viewer_id", "anon-" + videoId);
        if (subscriber != null) {
            fields.put("viewer_user_id", subscriber);
        }
        return fields;
    }

    static RunningServer.Response postToken(RunningServer server, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return server.send(HttpRequest.newBuilder(server.uri("/realms/mediamelon/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String clientCredentialsToken(RunningServer server, String tokenId, String tokenSecret) {
        RunningServer.Response response = postToken(server,
                Map.of("grant_type", "client_credentials", "client_id", tokenId, "client_secret", tokenSecret));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("access_token").asText();
    }

    static RunningServer.Response getWithBearer(RunningServer server, String pathAndQuery, String accessToken) {
        return server.send(HttpRequest.newBuilder(server.uri(pathAndQuery))
                .header("Authorization", "Bearer " + accessToken).GET().build());
    }

    static RunningServer.Response getWithHeader(RunningServer server, String pathAndQuery, String name, String value) {
        return server.send(HttpRequest.newBuilder(server.uri(pathAndQuery)).header(name, value).GET().build());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static JsonNode ok(RunningServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
