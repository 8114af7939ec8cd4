package dev.playtrace.server.browser.sdk;

import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The server serves the SDK's single-file builds from the playtrace-sdk-js jar, to any origin, cacheable. */
class SdkRoutesTest {
    @TempDir
    static Path dataDir;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(dataDir, new MutableClock(Instant.parse("2026-11-20T10:00:00Z")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scriptIsServedAsJavaScriptToAnyOriginWithCacheHeaders() {
        RunningServer.Response response = server.getWithoutAuth("/sdk/playtrace.js");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
        assertThat(response.header("ETag")).matches("\"[0-9a-f]{32}\"");
        assertThat(response.body()).startsWith("/*! Playtrace JS SDK 0.1.0: single-file build of sdk/js/src");
        assertThat(response.body()).contains(".playtrace = api;");
    }

    @Test
    void moduleBuildIsServedToo() {
        RunningServer.Response response = server.getWithoutAuth("/sdk/playtrace.mjs");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(response.body()).contains("export const { version, monitor, hls, dash, shaka, videojs");
    }

    @Test
    void revalidationWithTheSameEtagIsNotModified() {
        String etag = server.getWithoutAuth("/sdk/playtrace.js").header("ETag");

        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/sdk/playtrace.js"))
                .header("If-None-Match", etag).GET().build());

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("ETag")).isEqualTo(etag);
    }
}
