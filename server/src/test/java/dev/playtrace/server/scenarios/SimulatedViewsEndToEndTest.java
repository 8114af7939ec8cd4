package dev.playtrace.server.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.model.Dimension;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.ExpectedMetrics;
import dev.playtrace.simulator.GroundTruth;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * Pushes 10,000 simulated views (with duplicated and late beacons, skewed device clocks, every outcome) through HTTP
 * and checks every metric of metrics.md §3, overall and broken down by three dimensions, against the truth the
 * simulator computed from its own records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedViewsEndToEndTest {
    private static final int VIEW_COUNT = 10_000;
    private static final Instant WINDOW_START = Instant.parse("2026-11-18T00:00:00Z");
    private static final Instant WINDOW_END = Instant.parse("2026-11-19T00:00:00Z");
    private static final List<Dimension> BREAKDOWN_DIMENSIONS = List.of(Dimension.COUNTRY, Dimension.STREAM_TYPE,
            Dimension.VIDEO_TITLE, Dimension.CDN);
    private static final double RELATIVE_TOLERANCE = 1e-9;
    private static final int POSTING_THREADS = 8;
    private static final long GROUP_SPAN_MS = 2_000;

    private RunningServer server;
    private GroundTruth truth;
    private String timeframe;

    @BeforeAll
    void pushSimulatedViews(@TempDir Path dataDir) {
        MutableClock clock = new MutableClock(WINDOW_START);
        server = RunningServer.start(dataDir, clock);
        truth = new GroundTruth();
        ViewerSimulator simulator = new ViewerSimulator(42L,
                // shorter views keep the HTTP replay to ~175k beacons; every behaviour still occurs
                SimulationConfig.defaults(RunningServer.INGEST_KEY).withWatchTimeScale(0.25));
        Iterator<Beacon> beacons = simulator.beacons(WINDOW_START.toEpochMilli(), WINDOW_END.toEpochMilli(), VIEW_COUNT, truth);
        int posted = 0;
        ExecutorService posters = Executors.newFixedThreadPool(POSTING_THREADS);
        try {
            List<Beacon> group = new ArrayList<>();
            while (beacons.hasNext()) {
                Beacon beacon = beacons.next();
                if (!group.isEmpty() && beacon.sendAtServerMs() - group.getFirst().sendAtServerMs() > GROUP_SPAN_MS) {
                    posted += postConcurrently(group, clock, posters);
                    group.clear();
                }
                group.add(beacon);
            }
            posted += postConcurrently(group, clock, posters);
        } finally {
            posters.shutdownNow();
        }
        clock.advance(Duration.ofHours(1));
        server.flush();
        server.flush();
        long fromS = WINDOW_START.getEpochSecond() - 3600;
        long toS = WINDOW_END.getEpochSecond() + 7200;
        timeframe = "timeframe[]=" + fromS + "&timeframe[]=" + toS;
        truth = truth.playRequestedIn(fromS * 1000, toS * 1000);
        assertThat(truth.overall().views()).isGreaterThan(VIEW_COUNT * 9 / 10);
        assertThat(posted).isGreaterThan(VIEW_COUNT);
    }

    /**
     * Posts beacons sent within a few seconds of each other concurrently, all received at the group's last send
     * time: each body's transmission time is set for that receipt, so event times stay exact (the JDK HTTP client
     * is too slow to replay 175k beacons one by one).
     */
    private int postConcurrently(List<Beacon> group, MutableClock clock, ExecutorService posters) {
        long receivedAtMs = Math.max(clock.millis(), group.getLast().sendAtServerMs());
        clock.set(receivedAtMs);
        List<Future<RunningServer.Response>> responses = new ArrayList<>();
        for (Beacon beacon : group) {
            responses.add(posters.submit(() -> server.postBeaconAsAnSdkWould(
                    beacon.jsonBodyReceivedAt(receivedAtMs).getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "text/plain", "User-Agent", beacon.userAgent(), "CF-IPCountry", beacon.countryCode()))));
        }
        for (Future<RunningServer.Response> future : responses) {
            RunningServer.Response response;
            try {
                response = future.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().path("rejected").asInt()).as(response.body()).isZero();
        }
        return group.size();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyMetricOverallMatchesTheTruth() {
        ExpectedMetrics expected = truth.overall();
        SoftAssertions soft = new SoftAssertions();
        for (String metric : ExpectedMetrics.METRIC_IDS) {
            for (String measurement : measurements(metric)) {
                JsonNode data = get("/data/v1/metrics/" + metric + "/overall?" + timeframe + measurementParameter(measurement)).path("data");
                Double want = expected.get(metric, measurement);
                // the Mux-shaped overall value is a number: an undefined ratio is 0 there
                assertClose(soft, metric + " " + measurement, data.path("value").asDouble(), want == null ? 0.0 : want);
                soft.assertThat(data.path("total_views").asLong()).as(metric + " total_views").isEqualTo(expected.views());
            }
        }
        soft.assertAll();
    }

    @Test
    void everyMetricBrokenDownByFourDimensionsMatchesTheTruth() {
        SoftAssertions soft = new SoftAssertions();
        for (Dimension dimension : BREAKDOWN_DIMENSIONS) {
            Map<String, ExpectedMetrics> groups = truth.groupBy(dimension);
            for (String metric : ExpectedMetrics.METRIC_IDS) {
                JsonNode body = get("/data/v1/metrics/" + metric + "/breakdown?group_by=" + dimension.id()
                        + "&limit=1000&" + timeframe);
                long expectedRows = groups.values().stream().filter(g -> g.get(metric) != null).count();
                soft.assertThat(body.path("total_row_count").asLong()).as(metric + " by " + dimension.id() + " rows")
                        .isEqualTo(expectedRows);
                for (JsonNode row : body.path("data")) {
                    String field = row.path("field").asText();
                    ExpectedMetrics group = groups.get(field);
                    soft.assertThat(group).as(metric + " by " + dimension.id() + " unexpected group " + field).isNotNull();
                    if (group != null) {
                        assertClose(soft, metric + " by " + dimension.id() + "=" + field, row.path("value").asDouble(), group.get(metric));
                        soft.assertThat(row.path("views").asLong()).as(metric + " views of " + field).isEqualTo(group.views());
                    }
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void identitiesHoldExactly() {
        long views = (long) value("views");
        long plays = (long) value("plays");
        long vsf = Math.round(value("video_startup_failure_percentage") * views / 100);
        long ebvs = Math.round(value("exits_before_video_start") * views / 100);

        assertThat(plays + vsf + ebvs).isEqualTo(views);
        assertThat(value("buffering_ratio")).isCloseTo(value("cirr") + value("vrt_buffering_ratio"),
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void viewsPerHourMatchTheTruthWithEveryBucketPresent() {
        JsonNode body = get("/data/v1/metrics/views/timeseries?group_by=hour&" + timeframe);
        Map<String, ExpectedMetrics> perHour = truth.groupBy(view ->
                Instant.ofEpochMilli(view.playRequestedAtMs() / 3_600_000L * 3_600_000L).toString());

        assertThat(body.path("data")).hasSize(27);
        for (JsonNode point : body.path("data")) {
            ExpectedMetrics hour = perHour.get(point.get(0).asText());
            long expectedViews = hour == null ? 0 : hour.views();
            assertThat(point.get(2).asLong()).as(point.get(0).asText()).isEqualTo(expectedViews);
        }
    }

    @Test
    void concurrentViewersAverageMatchesTheTruth() {
        long fromMs = WINDOW_START.toEpochMilli() + 6 * 3_600_000L;
        long toMs = fromMs + 3_600_000L;
        String hour = "timeframe[]=" + fromMs / 1000 + "&timeframe[]=" + toMs / 1000;

        double average = get("/data/v1/metrics/concurrent_viewers/overall?measurement=avg&" + hour).path("data").path("value").asDouble();
        double maximum = get("/data/v1/metrics/concurrent_viewers/overall?measurement=max&" + hour).path("data").path("value").asDouble();

        assertThat(average).isCloseTo(truth.concurrentViewersAvg(fromMs, toMs), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(maximum).isEqualTo(truth.concurrentViewersMax(fromMs, toMs));
    }

    private double value(String metric) {
        return get("/data/v1/metrics/" + metric + "/overall?" + timeframe).path("data").path("value").asDouble();
    }

    private JsonNode get(String path) {
        RunningServer.Response response = server.get(path);
        assertThat(response.status()).as(path + " -> " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> measurements(String metric) {
        return ExpectedMetrics.MEASUREMENTS.getOrDefault(metric, java.util.Collections.singletonList(null));
    }

    private static String measurementParameter(String measurement) {
        return measurement == null ? "" : "&measurement=" + measurement;
    }

    private static void assertClose(SoftAssertions soft, String what, double actual, Double expected) {
        if (expected == null) {
            soft.fail(what + ": server answered " + actual + " where the truth is undefined (null)");
            return;
        }
        double tolerance = Math.max(1e-9, Math.abs(expected) * RELATIVE_TOLERANCE);
        soft.assertThat(actual).as(what).isCloseTo(expected, org.assertj.core.api.Assertions.within(tolerance));
    }
}
