package dev.playtrace.bench.run;

import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.collector.BeaconCollector;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.SimulatedView;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Freshness: a new view's first beacon is posted; from its acknowledgement, {@code GET /data/v1/video-views/{id}} is
 * polled every {@value #POLL_INTERVAL_MS} ms until it answers 200. Samples are spread at random over the flush
 * period. Baselines: the same GET's round trip (while it still answers 404) and the flush period itself.
 */
final class FreshnessBenchmark {
    static final long POLL_INTERVAL_MS = 5;
    private static final long FLUSH_PERIOD_MS = 500;
    private static final long GOAL_MS = 1_000;
    private static final long GIVE_UP_MS = 10_000;

    private final Path workDir;
    private final int samples;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization = "Basic " + Base64.getEncoder().encodeToString(
            (BenchServer.TOKEN_ID + ":" + BenchServer.TOKEN_SECRET).getBytes(StandardCharsets.UTF_8));

    FreshnessBenchmark(Path workDir, int samples) {
        this.workDir = workDir;
        this.samples = samples;
    }

    Section run() throws Exception {
        long nowMs = System.currentTimeMillis();
        ViewerSimulator simulator = new ViewerSimulator(31L, SimulationConfig.defaults(BenchServer.INGEST_KEY)
                .withDeliveryFaults(0, 0).withSkewedClockShare(0));
        List<SimulatedView> views = simulator.views(nowMs - 60_000, nowMs, samples).toList();
        long[] freshnessNs = new long[samples];
        long[] roundTripNs = new long[samples];
        int polls = 0;
        SplittableRandom random = new SplittableRandom(5);
        PlaytraceServer server = BenchServer.start(Files.createDirectories(workDir.resolve("freshness")));
        try {
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < samples; i++) {
                SimulatedView view = views.get(i);
                URI viewUri = URI.create(base + "/data/v1/video-views/" + view.viewId());
                long roundTripStart = System.nanoTime();
                int before = get(viewUri);
                roundTripNs[i] = System.nanoTime() - roundTripStart;
                if (before != 404) {
                    throw new IllegalStateException("view " + view.viewId() + " exists before its beacon: " + before);
                }
                Beacon first = view.beacons().get(0);
                int status = post(URI.create(base + BeaconCollector.PATH), first);
                long ackNs = System.nanoTime();
                if (status != 200) {
                    throw new IllegalStateException("beacon answered " + status);
                }
                while (get(viewUri) != 200) {
                    polls++;
                    if (System.nanoTime() - ackNs > GIVE_UP_MS * 1_000_000) {
                        throw new IllegalStateException("view " + view.viewId() + " not visible after " + GIVE_UP_MS + " ms");
                    }
                    Thread.sleep(POLL_INTERVAL_MS);
                }
                freshnessNs[i] = System.nanoTime() - ackNs;
                Thread.sleep(random.nextLong(FLUSH_PERIOD_MS));
            }
        } finally {
            server.close();
        }
        return section(freshnessNs, roundTripNs, polls);
    }

    private int get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", authorization).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int post(URI uri, Beacon beacon) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("User-Agent", beacon.userAgent())
                .POST(HttpRequest.BodyPublishers.ofString(beacon.jsonBodyReceivedAt(System.currentTimeMillis())))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Section section(long[] freshnessNs, long[] roundTripNs, int polls) {
        double p50 = Samples.millis(Samples.percentile(freshnessNs, 50));
        double p99 = Samples.millis(Samples.percentile(freshnessNs, 99));
        double max = Samples.millis(Samples.percentile(freshnessNs, 100));
        double roundTrip = Samples.millis(Samples.percentile(roundTripNs, 50));
        Section section = new Section("Freshness", String.format(Locale.ROOT,
                "%d new views, one at a time: the view's first simulated beacon is posted to `%s`; from its"
                        + " acknowledgement, `GET /data/v1/video-views/{id}` (Basic auth) is polled every %d ms until"
                        + " it answers 200. A random pause under the flush period separates samples. The sessionizer"
                        + " flushes every %d ms. Baselines: the flush period, and one GET round trip (404) measured"
                        + " before each post.", samples, BeaconCollector.PATH, POLL_INTERVAL_MS, FLUSH_PERIOD_MS));
        section.row(new Row("ack → visible p50", Row.ms(p50), "flush period", Row.ms(FLUSH_PERIOD_MS),
                Row.ratio(p50, FLUSH_PERIOD_MS), "–", "–"));
        section.row(new Row("ack → visible p99", Row.ms(p99), "flush period", Row.ms(FLUSH_PERIOD_MS),
                Row.ratio(p99, FLUSH_PERIOD_MS), "≤ 1 s", Row.met(p99 <= GOAL_MS)));
        section.row(new Row("ack → visible max", Row.ms(max), "flush period", Row.ms(FLUSH_PERIOD_MS),
                Row.ratio(max, FLUSH_PERIOD_MS), "≤ 1 s", Row.met(max <= GOAL_MS)));
        section.row(new Row("GET round trip p50", Row.ms(roundTrip), "–", "–", "–", "–", "–"));
        section.remark(String.format(Locale.ROOT, "%,d polls answered 404 before the views appeared.", polls));
        return section;
    }
}
