package dev.playtrace.server.facade.apivideo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A video session's metadata as api.video documents it ({@code session.metadata} as {@code [{key, value}]},
 * {@code metadata[key]=value} filters), for the custom dimensions and for any key a player sends as a
 * {@code metadata.<key>} field; and where a session's {@code loadedAt} places it.
 *
 * <pre>
 * id       loaded (UTC)              video  metadata
 * author   2026-11-21 08:00:00.000   vi-m   custom_1=gold, Author=John Doe, Format=Tutorial, Season=3 (a number)
 * jane     2026-11-21 09:00:00.000   vi-m   Author=Jane, then Format=Tutorial on a later event
 * plain    2026-11-21 10:00:00.000   vi-m   a/b~c="x y" (a key JSON Pointer must escape), it's "quoted"=yes
 * bare     2026-11-21 11:00:00.000   vi-m   none
 * midnight 2026-11-21 23:59:50.250   vi-m   none; ends 2026-11-22 00:00:20.250
 * other    2026-11-21 08:00:00.000   vi-o   Author=John Doe (another video)
 * </pre>
 */
class ApiVideoSessionMetadataTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dataDir;
    private MutableClock clock;
    private RunningServer server;
    private String key;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.parse("2026-11-21T00:00:00Z"));
        server = RunningServer.start(dataDir, clock);
        key = ApiVideoScenario.defaultKey(server);
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("custom_1", "gold");
        author.put("metadata.Author", "John Doe");
        author.put("metadata.Format", "Tutorial");
        author.put("metadata.Season", 3);
        send("2026-11-21T08:00:00Z", "author", "vi-m", author, Map.of(), 20_000);
        send("2026-11-21T09:00:00Z", "jane", "vi-m", Map.of("metadata.Author", "Jane"),
                Map.of("metadata.Format", "Tutorial"), 20_000);
        send("2026-11-21T10:00:00Z", "plain", "vi-m", Map.of("metadata.a/b~c", "x y", "metadata.it's \"quoted\"", "yes"),
                Map.of(), 20_000);
        send("2026-11-21T11:00:00Z", "bare", "vi-m", Map.of(), Map.of(), 20_000);
        send("2026-11-21T23:59:50.250Z", "midnight", "vi-m", Map.of(), Map.of(), 30_000);
        send("2026-11-21T08:00:00Z", "other", "vi-o", Map.of("metadata.Author", "John Doe"), Map.of(), 20_000);
        clock.set(NOW.toEpochMilli());
        server.flush();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A started view: viewstart (with {@code first}) and play at 0, first frame at 1 s (with {@code later}), end. */
    private void send(String loadedAt, String viewId, String videoId, Map<String, Object> first,
            Map<String, Object> later, long endMs) {
        long baseMs = Instant.parse(loadedAt).toEpochMilli();
        Map<String, Object> start = new LinkedHashMap<>(first);
        start.put("video_id", videoId);
        start.put("video_stream_type", "on-demand");
        String beacon = new BeaconBuilder(INGEST_KEY, baseMs).view(viewId).sentAt(endMs)
                .at(0, "viewstart", start).at(0, "play").at(1_000, "playing", later)
                .at(endMs, "viewend").build();
        clock.set(baseMs + endMs);
        assertThat(server.postBeacon(beacon).status()).isEqualTo(200);
    }

    private JsonNode sessions(String query) {
        return ApiVideoScenario.ok(server, key, "/analytics/videos/vi-m" + query);
    }

    private List<String> sessionIds(String query) {
        List<String> ids = new ArrayList<>();
        JsonNode body = sessions(query);
        body.path("data").forEach(item -> ids.add(item.path("session").path("sessionId").asText()));
        assertThat(body.path("pagination").path("itemsTotal").asInt()).as(query).isEqualTo(ids.size());
        return ids;
    }

    private static String metadata(String key, String value) {
        return "metadata" + URLEncoder.encode("[" + key + "]", StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode session(String sessionId) {
        for (JsonNode item : sessions("?period=2026-11-21").path("data")) {
            if (item.path("session").path("sessionId").asText().equals(sessionId)) {
                return item.path("session");
            }
        }
        throw new AssertionError("no session " + sessionId);
    }

    @Test
    void sessionMetadataListsEveryKeyThePlayerSentWithItsLastValue() {
        assertThat(session("author").path("metadata")).isEqualTo(json("""
                [{"key":"custom_1","value":"gold"},{"key":"Author","value":"John Doe"},
                 {"key":"Format","value":"Tutorial"},{"key":"Season","value":"3"}]"""));
        assertThat(session("jane").path("metadata")).isEqualTo(json("""
                [{"key":"Author","value":"Jane"},{"key":"Format","value":"Tutorial"}]"""));
        assertThat(session("plain").path("metadata").findValuesAsText("key"))
                .containsExactlyInAnyOrder("a/b~c", "it's \"quoted\"");
        assertThat(session("bare").path("metadata").isArray()).isTrue();
        assertThat(session("bare").path("metadata")).isEmpty();
    }

    @Test
    void metadataFiltersReturnExactlyTheSessionsThatCarryEveryPair() {
        assertThat(sessionIds("?period=2026-11-21")).containsExactly("author", "jane", "plain", "bare", "midnight");
        assertThat(sessionIds("?period=2026-11-21&" + metadata("Author", "John Doe"))).containsExactly("author");
        assertThat(sessionIds("?period=2026-11-21&" + metadata("Format", "Tutorial"))).containsExactly("author", "jane");
        assertThat(sessionIds("?period=2026-11-21&" + metadata("Format", "Tutorial") + "&" + metadata("Author", "Jane")))
                .containsExactly("jane");
        assertThat(sessionIds("?period=2026-11-21&" + metadata("custom_1", "gold"))).containsExactly("author");
        assertThat(sessionIds("?period=2026-11-21&" + metadata("custom_1", "gold") + "&" + metadata("Author", "Jane")))
                .isEmpty();
        assertThat(sessionIds("?period=2026-11-21&" + metadata("Season", "3"))).containsExactly("author");
        assertThat(sessionIds("?period=2026-11-21&" + metadata("a/b~c", "x y"))).containsExactly("plain");
        assertThat(sessionIds("?period=2026-11-21&" + metadata("it's \"quoted\"", "yes"))).containsExactly("plain");
        // values and keys match exactly: no prefix, no other case, no unknown key
        assertThat(sessionIds("?period=2026-11-21&" + metadata("Author", "John"))).isEmpty();
        assertThat(sessionIds("?period=2026-11-21&" + metadata("author", "John Doe"))).isEmpty();
        assertThat(sessionIds("?period=2026-11-21&" + metadata("Nope", "x"))).isEmpty();
        // without a period, and paged: the filter still holds
        assertThat(sessionIds("?" + metadata("Author", "John Doe"))).containsExactly("author");
        JsonNode secondPage = sessions("?period=2026-11-21&pageSize=1&currentPage=2&" + metadata("Format", "Tutorial"));
        assertThat(secondPage.path("data").findValuesAsText("sessionId")).containsExactly("jane");
        assertThat(secondPage.path("pagination").path("itemsTotal").asInt()).isEqualTo(2);
        assertThat(secondPage.path("pagination").path("links").get(0).path("uri").asText())
                .isEqualTo("/analytics/videos/vi-m?period=2026-11-21&metadata[Format]=Tutorial&currentPage=2&pageSize=1");
    }

    @Test
    void loadedAtIsTheSessionsFirstEventInTheSessionBlockAndPlacesItInAPeriod() {
        JsonNode midnight = session("midnight");

        // where the seed puts it: session.loadedAt, ISO-8601 UTC with milliseconds, beside sessionId and endedAt
        assertThat(midnight.path("loadedAt").asText()).isEqualTo("2026-11-21T23:59:50.250Z");
        assertThat(midnight.path("endedAt").asText()).isEqualTo("2026-11-22T00:00:20.250Z");
        assertThat(fieldNames(midnight)).containsExactly("sessionId", "loadedAt", "endedAt", "metadata");
        // loaded on the 21st, ended on the 22nd: it belongs to the 21st only
        assertThat(sessionIds("?period=2026-11-21")).contains("midnight");
        assertThat(sessionIds("?period=2026-11-22")).isEmpty();
        assertThat(sessionIds("?period=2026-11-21/2026-11-22")).containsExactly("author", "jane", "plain", "bare", "midnight");
    }

    private static JsonNode json(String text) {
        try {
            return dev.playtrace.server.http.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
