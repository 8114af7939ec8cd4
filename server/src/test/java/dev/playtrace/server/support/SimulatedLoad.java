package dev.playtrace.server.support;

import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.GroundTruth;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Posts simulated viewers' beacons to a running server the way {@code SimulatedViewsEndToEndTest} does: beacons sent
 * within a few seconds of each other go concurrently, received at the group's last send time on the test's clock.
 */
public final class SimulatedLoad {
    private static final int POSTING_THREADS = 8;
    private static final long GROUP_SPAN_MS = 2_000;

    private SimulatedLoad() {
    }

    /** Posts {@code viewCount} views starting in [from, to) for the ingest key, and returns their truth. */
    public static GroundTruth post(RunningServer server, MutableClock clock, String ingestKey, long seed,
                                   Instant from, Instant to, int viewCount) {
        GroundTruth truth = new GroundTruth();
        ViewerSimulator simulator = new ViewerSimulator(seed,
                SimulationConfig.defaults(ingestKey).withWatchTimeScale(0.25));
        Iterator<Beacon> beacons = simulator.beacons(from.toEpochMilli(), to.toEpochMilli(), viewCount, truth);
        ExecutorService posters = Executors.newFixedThreadPool(POSTING_THREADS);
        try {
            List<Beacon> group = new ArrayList<>();
            while (beacons.hasNext()) {
                Beacon beacon = beacons.next();
                if (!group.isEmpty() && beacon.sendAtServerMs() - group.getFirst().sendAtServerMs() > GROUP_SPAN_MS) {
                    postConcurrently(server, group, clock, posters);
                    group.clear();
                }
                group.add(beacon);
            }
            postConcurrently(server, group, clock, posters);
        } finally {
            posters.shutdownNow();
        }
        return truth;
    }

    private static void postConcurrently(RunningServer server, List<Beacon> group, MutableClock clock,
                                         ExecutorService posters) {
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
        for (Future<RunningServer.Response> future : responses) {
            RunningServer.Response response;
            try {
                response = future.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
    }
}
