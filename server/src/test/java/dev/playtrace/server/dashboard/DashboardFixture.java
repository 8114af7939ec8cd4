package dev.playtrace.server.dashboard;

import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A server holding a small known data set placed before the real current time (the browser computes its time
 * ranges from its own clock): simulated views over the last two days, some still playing at "now", and encoding
 * jobs in two categories. The server's clock then stays still, so every number is the same on each read.
 */
final class DashboardFixture {
    static final int VIEW_COUNT = 240;
    static final int LIVE_VIEW_COUNT = 30;
    private static final long SPAN_MS = 47 * 3_600_000L;
    // beacons sent within this span are posted together (each body says when it was received, so event times stay exact)
    private static final long GROUP_SPAN_MS = 60_000;
    private static final int POSTING_THREADS = 6;
    private static final long SERVER_BEHIND_MS = 30_000;

    final RunningServer server;
    final MutableClock clock;
    final long nowMs;

    private DashboardFixture(RunningServer server, MutableClock clock, long nowMs) {
        this.server = server;
        this.clock = clock;
        this.nowMs = nowMs;
    }

    static DashboardFixture start(Path dataDir) {
        long nowMs = System.currentTimeMillis();
        MutableClock clock = new MutableClock(java.time.Instant.ofEpochMilli(nowMs - SPAN_MS - 60_000));
        RunningServer server = RunningServer.start(dataDir, clock);
        DashboardFixture fixture = new DashboardFixture(server, clock, nowMs);
        fixture.postViews(7L, nowMs - SPAN_MS, nowMs - 120_000, VIEW_COUNT);
        // a peak in the last minutes, so real time has viewers to show: short views (watch time scaled by 0.15) spread
        // over 14 minutes left none playing at "now" in some runs; within 4 minutes several always overlap it
        fixture.postViews(8L, nowMs - 5 * 60_000L, nowMs - 60_000, LIVE_VIEW_COUNT);
        fixture.postEncodingJobs();
        // a view counts as concurrent until its last event, so "now" for the server is a little before the last beacons
        clock.set(nowMs - SERVER_BEHIND_MS);
        server.flush();
        server.flush();
        return fixture;
    }

    private void postViews(long seed, long fromMs, long toMs, int count) {
        ViewerSimulator simulator = new ViewerSimulator(seed,
                SimulationConfig.defaults(RunningServer.INGEST_KEY).withWatchTimeScale(0.15));
        Iterator<Beacon> beacons = simulator.beacons(fromMs, toMs, count, truth -> { });
        ExecutorService posters = Executors.newFixedThreadPool(POSTING_THREADS);
        try {
            List<Beacon> group = new ArrayList<>();
            while (beacons.hasNext()) {
                Beacon beacon = beacons.next();
                if (beacon.sendAtServerMs() > nowMs) {
                    continue; // not sent yet: these views are still playing at "now"
                }
                if (!group.isEmpty() && beacon.sendAtServerMs() - group.getFirst().sendAtServerMs() > GROUP_SPAN_MS) {
                    postConcurrently(group, posters);
                    group.clear();
                }
                group.add(beacon);
            }
            postConcurrently(group, posters);
        } finally {
            posters.shutdownNow();
        }
    }

    private void postConcurrently(List<Beacon> group, ExecutorService posters) {
        if (group.isEmpty()) {
            return;
        }
        long receivedAtMs = Math.max(clock.millis(), group.getLast().sendAtServerMs());
        clock.set(receivedAtMs);
        List<Future<RunningServer.Response>> responses = new ArrayList<>();
        for (Beacon beacon : group) {
            responses.add(posters.submit(() -> server.postBeaconAsAnSdkWould(
                    beacon.jsonBodyReceivedAt(receivedAtMs).getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "text/plain", "User-Agent", beacon.userAgent(), "CF-IPCountry", beacon.countryCode()))));
        }
        for (Future<RunningServer.Response> future : responses) {
            try {
                RunningServer.Response response = future.get();
                if (response.status() != 200) {
                    throw new IllegalStateException("beacon refused: " + response.body());
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Seven jobs between 20 and 2 hours ago (none in the last hour): 3 complete, 2 failed (both "movies"), 1 running,
     * 1 waiting.
     */
    private void postEncodingJobs() {
        post("/data/v1/encoding/categories", "{\"name\":\"movies\"}");
        post("/data/v1/encoding/categories", "{\"name\":\"shorts\"}");
        job("m1", 1, 20, 60_000, "running", "complete");
        job("m2", 1, 18, 90_000, "running", "failure");
        job("m3", 1, 10, 30_000, "running", "failure");
        job("s1", 2, 9, 45_000, "running", "complete");
        job("s2", 2, 5, 120_000, "running", "complete");
        job("s3", 2, 3, 10_000, "running");
        job("s4", 2, 2, 0);
    }

    private void job(String fileId, int categoryId, int hoursAgo, long stepMs, String... transitions) {
        clock.set(nowMs - hoursAgo * 3_600_000L);
        post("/data/v1/encoding/jobs", "{\"file_id\":\"" + fileId + "\",\"file_name\":\"" + fileId + ".mp4\",\"category_id\":"
                + categoryId + "}");
        for (String status : transitions) {
            clock.advance(Duration.ofMillis(stepMs));
            String reason = status.equals("failure") ? ",\"reason\":\"codec not supported\"" : "";
            post("/data/v1/encoding/jobs/" + fileId + "/status", "{\"status\":\"" + status + "\"" + reason + "}");
        }
    }

    private void post(String path, String json) {
        String credentials = Base64.getEncoder().encodeToString(
                (RunningServer.TOKEN_ID + ":" + RunningServer.TOKEN_SECRET).getBytes(StandardCharsets.UTF_8));
        RunningServer.Response response = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Basic " + credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        if (response.status() != 200) {
            throw new IllegalStateException(path + " refused: " + response.body());
        }
    }
}
