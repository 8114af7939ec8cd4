package dev.playtrace.server.browser.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.support.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared fixtures do what the browser tests rely on: the media plays in headless Chromium, faults bite. */
class BrowserFixturesTest {
    private static PageServer pages;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() {
        pages = PageServer.start();
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (pages != null) {
            pages.close();
        }
    }

    @BeforeEach
    void reset() {
        pages.reset();
    }

    private PlayerPage plainPage() {
        return PlayerPage.open(browser, pages.url("/pages/common/plain.html"));
    }

    @Test
    void mediaIsMadeOnceWithTheLadder() throws Exception {
        assertThat(MediaFixtures.dir().resolve(MediaFixtures.PROGRESSIVE_MP4)).isRegularFile();
        for (MediaFixtures.Rendition rendition : MediaFixtures.RENDITIONS) {
            String playlist = Files.readString(MediaFixtures.dir().resolve(rendition.playlist()));
            assertThat(playlist.lines().filter(line -> line.startsWith("seg_")).toList())
                    .hasSize(MediaFixtures.SEGMENT_COUNT);
        }
        long low = Files.size(MediaFixtures.dir().resolve(MediaFixtures.RENDITIONS.get(0).segment(3)));
        long high = Files.size(MediaFixtures.dir().resolve(MediaFixtures.RENDITIONS.get(2).segment(3)));
        assertThat(high).isGreaterThan(4 * low);
    }

    @Test
    void mountedFolderIsServedWithRanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Files.writeString(dir.resolve("bundle.js"), "export const answer = 42;\n");
        pages.mount("/extra/", dir);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();

        var whole = client.send(java.net.http.HttpRequest.newBuilder(pages.url("/extra/bundle.js")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var range = client.send(java.net.http.HttpRequest.newBuilder(pages.url("/extra/bundle.js"))
                .header("Range", "bytes=7-11").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        var outside = client.send(java.net.http.HttpRequest.newBuilder(pages.url("/extra/../pom.xml")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo("const");
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 7-11/26");
        assertThat(outside.statusCode()).isEqualTo(404);
        assertThat(pages.requests("/extra/bundle\\.js")).hasSize(2);
    }

    @Test
    void progressiveMp4PlaysAndSeeks() {
        PlayerPage page = plainPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4));
        JsonNode started = page.call("play");
        page.call("playheadReaches", 1.5, 10_000);
        page.call("seek", 12);
        page.call("playheadReaches", 13, 10_000);
        JsonNode probe = page.call("finish");

        assertThat(started.path("outcome").asText()).isEqualTo("playing");
        // measured, in whole ms: 0 when the media was ready before play() (a busy machine takes long to get there)
        assertThat(started.path("startupMs").isNumber()).as(started.toString()).isTrue();
        assertThat(started.path("startupMs").asLong()).isBetween(0L, 3_000L);
        assertThat(probe.path("seeks")).hasSize(1);
        assertThat(probe.path("videoWidth").asInt()).isEqualTo(640);
        assertThat(pages.requests("/media/progressive.mp4")).isNotEmpty();
    }

    @Test
    void hlsLadderPlaysThroughHlsJsAndSwitchesLevel() {
        PlayerPage page = plainPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.HLS_MASTER, "useHls", true, "level", 0));
        page.call("play");
        page.call("playheadReaches", 1, 10_000);
        page.call("switchLevel", 2);
        page.call("playheadReaches", 7, 15_000);
        JsonNode probe = page.call("finish");

        assertThat(probe.path("videoWidth").asInt()).isEqualTo(1280);
        assertThat(probe.path("stalls")).isEmpty();
        assertThat(pages.requests("/media/hls/r240/seg_000\\.ts")).hasSize(1);
        assertThat(pages.requests("/media/hls/r720/seg_\\d+\\.ts")).isNotEmpty();
    }

    @Test
    void delayedSegmentStallsPlayback() {
        pages.delay("/media/hls/r240/seg_003\\.ts", 3_000);
        PlayerPage page = plainPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.HLS_MASTER, "useHls", true, "level", 0,
                "hlsConfig", Map.of("maxBufferLength", 2, "maxMaxBufferLength", 2)));
        page.call("play");
        page.call("playheadReaches", 8, 25_000);
        JsonNode probe = page.call("finish");

        List<PageServer.RequestRecord> delayed = pages.requests("/media/hls/r240/seg_003\\.ts");
        assertThat(delayed).hasSize(1);
        assertThat(delayed.getFirst().respondedAtMs() - delayed.getFirst().receivedAtMs()).isBetween(3_000L, 3_200L);
        assertThat(probe.path("stalls")).as(probe.toString()).hasSize(1);
        assertThat(probe.path("stalls").get(0).path("durationMs").asLong()).isBetween(500L, 3_200L);
    }

    @Test
    void truncatedProgressiveMediaFailsAfterStart() throws Exception {
        long sizeBytes = Files.size(MediaFixtures.dir().resolve(MediaFixtures.PROGRESSIVE_MP4));
        pages.truncate("/media/progressive\\.mp4", sizeBytes / 2);
        PlayerPage page = plainPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4, "preload", "none"));
        JsonNode started = page.call("play");
        JsonNode error = page.call("error", 30_000);
        JsonNode probe = page.call("finish");

        assertThat(started.path("outcome").asText()).as(probe.toString()).isEqualTo("playing");
        assertThat(error.path("code").asInt()).as(probe.toString()).isEqualTo(2); // MEDIA_ERR_NETWORK
        assertThat(error.path("t").asLong()).isGreaterThan(probe.path("firstPlayingAt").asLong());
    }

    @Test
    void missingMediaIsAnErrorBeforeTheFirstFrame() {
        pages.failWith("/media/progressive\\.mp4", 404);
        PlayerPage page = plainPage();
        page.call("load", Map.of("src", pages.origin() + "/media/" + MediaFixtures.PROGRESSIVE_MP4));
        JsonNode started = page.call("play");
        JsonNode error = page.call("error", 5_000);

        assertThat(started.path("outcome").asText()).isEqualTo("error");
        assertThat(error.path("code").asInt()).isEqualTo(4); // MEDIA_ERR_SRC_NOT_SUPPORTED
        assertThat(pages.requests("/media/progressive\\.mp4").getFirst().status()).isEqualTo(404);
    }
}
