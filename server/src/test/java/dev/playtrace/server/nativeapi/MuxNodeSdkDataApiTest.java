package dev.playtrace.server.nativeapi;

import dev.playtrace.server.browser.support.PageServer;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Mux Node SDK ({@code @mux/mux-node}, pinned in {@code src/test/web/package-lock.json}) against
 * {@code /data/v1}: {@code src/test/web/mux-sdk/data-api-check.mjs} makes every call of every {@code client.data}
 * resource and checks each raw response against the SDK's TypeScript types with the TypeScript compiler's checker,
 * plus consistency rules. The server holds an hour of simulated views, cut while some are playing and one is starting
 * up, so every response has rows and the monitoring routes have live viewers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MuxNodeSdkDataApiTest {
    private static final Instant WINDOW_START = Instant.parse("2026-11-20T10:00:00Z");
    private static final long WINDOW_MS = 3_600_000L;
    private static final int VIEW_COUNT = 900;
    private static final long GROUP_SPAN_MS = 2_000;

    private RunningServer server;
    private long nowMs;

    @BeforeAll
    void loadViewsCutWhileSomePlay(@TempDir Path dataDir) throws Exception {
        MutableClock clock = new MutableClock(WINDOW_START);
        server = RunningServer.start(dataDir, clock);
        long fromMs = WINDOW_START.toEpochMilli();
        nowMs = fromMs + WINDOW_MS;
        ViewerSimulator simulator = new ViewerSimulator(16L,
                SimulationConfig.defaults(RunningServer.INGEST_KEY).withWatchTimeScale(0.25));
        Iterator<Beacon> beacons = simulator.beacons(fromMs, nowMs - 300_000, VIEW_COUNT, truth -> { });
        ExecutorService posters = Executors.newFixedThreadPool(4);
        try {
            List<Beacon> group = new ArrayList<>();
            while (beacons.hasNext()) {
                Beacon beacon = beacons.next();
                if (beacon.sendAtServerMs() > nowMs) {
                    continue; // views playing at "now" stay open
                }
                if (!group.isEmpty() && beacon.sendAtServerMs() - group.getFirst().sendAtServerMs() > GROUP_SPAN_MS) {
                    post(group, clock, posters);
                    group.clear();
                }
                group.add(beacon);
            }
            post(group, clock, posters);
        } finally {
            posters.shutdownNow();
        }
        clock.set(nowMs);
        // one view asked to play 2 s ago with no first frame yet: a viewer starting up now
        RunningServer.Response startingUp = server.postBeacon(new BeaconBuilder(RunningServer.INGEST_KEY, nowMs - 2_000)
                .view("starting-up-now").sentAt(1_000)
                .at(0, "viewstart", Map.of("country_code", "US", "video_title", "Starting", "mux_viewer_id", "viewer-s"))
                .at(100, "play").build());
        assertThat(startingUp.status()).as(startingUp.body()).isEqualTo(200);
        server.flush();
        server.flush();
    }

    private void post(List<Beacon> group, MutableClock clock, ExecutorService posters) throws Exception {
        if (group.isEmpty()) {
            return;
        }
        long receivedAtMs = Math.max(clock.millis(), group.getLast().sendAtServerMs());
        clock.set(receivedAtMs);
        List<Future<RunningServer.Response>> responses = new ArrayList<>();
        for (Beacon beacon : group) {
            responses.add(posters.submit(() -> server.postBeaconAsAnSdkWould(
                    beacon.jsonBodyReceivedAt(receivedAtMs).getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "text/plain", "User-Agent", beacon.userAgent(),
                            "CF-IPCountry", beacon.countryCode()))));
        }
        for (Future<RunningServer.Response> response : responses) {
            assertThat(response.get().status()).as(response.get().body()).isEqualTo(200);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyDataApiCallOfTheMuxNodeSdkReturnsWhatItsTypesDeclare(@TempDir Path scratch) throws Exception {
        Result result = runCheck(scratch);
        System.out.println(result.output());
        assertThat(result.output()).as("data-api-check.mjs output").doesNotContain("PROBLEM");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("responses checked against @mux/mux-node types");
    }

    private Result runCheck(Path scratch) throws IOException, InterruptedException {
        Path web = PageServer.moduleDir().resolve("src/test/web");
        assertThat(web.resolve("node_modules/@mux/mux-node")).as("npm ci in src/test/web (the Maven build runs it)")
                .isDirectory();
        Path output = scratch.resolve("output.txt");
        long fromS = WINDOW_START.getEpochSecond() - 3_600;
        ProcessBuilder builder = new ProcessBuilder("node", "mux-sdk/data-api-check.mjs")
                .directory(web.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(Map.of(
                "PLAYTRACE_BASE_URL", server.uri("").toString(),
                "MUX_TOKEN_ID", RunningServer.TOKEN_ID,
                "MUX_TOKEN_SECRET", RunningServer.TOKEN_SECRET,
                "TIMEFRAME_FROM", Long.toString(fromS),
                "TIMEFRAME_TO", Long.toString(nowMs / 1000 + 60),
                "REPORT_FILE", scratch.resolve("responses.json").toString()));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("data-api-check.mjs did not finish in 5 minutes: "
                    + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    private record Result(int exitCode, String output) {
    }
}
