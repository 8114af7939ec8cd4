package dev.playtrace.server.nativeapi;

import dev.playtrace.server.browser.support.PageServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The type check {@link MuxNodeSdkDataApiTest} relies on can fail: {@code src/test/web/mux-sdk/sdk-types-selftest.mjs}
 * feeds it responses with a missing field, a string for a number, null for an array, a wrong tuple element and an
 * undeclared null, and expects each to be reported at its path (and well-formed ones to pass).
 */
class MuxNodeSdkTypeCheckTest {
    @Test
    void brokenResponsesAreReportedAtTheirPathAndWellFormedOnesPass() throws IOException, InterruptedException {
        Path web = PageServer.moduleDir().resolve("src/test/web");
        assertThat(web.resolve("node_modules/typescript")).as("npm ci in src/test/web (the Maven build runs it)")
                .isDirectory();
        Process process = new ProcessBuilder("node", "mux-sdk/sdk-types-selftest.mjs")
                .directory(web.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
        assertThat(output).contains("0 surprises");
        assertThat(process.exitValue()).as(output).isZero();
    }
}
