package dev.playtrace.server.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.bus.kafka.KafkaBroker;
import dev.playtrace.model.BeaconFields;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.durability.ServerProcess;
import dev.playtrace.server.facade.FacadeSettings;
import dev.playtrace.server.facade.apivideo.ApiVideoFacade;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.ExpectedMetrics;
import dev.playtrace.simulator.GroundTruth;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;
import dev.playtrace.store.clickhouse.ClickHouseTestCluster;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Lose a worker, lose nothing, with real processes: a Kafka broker, two ClickHouse servers as the two shards of the
 * store (views and events split by {@code cityHash64(view_id)}), two collector nodes, two sessionizer nodes and a
 * query node, each {@code playtrace serve} in a JVM of its own on one topic and one sharded ClickHouse database. The
 * simulator's views (duplicated and late beacons, skewed device clocks) go in through both collectors as
 * SDKs send them; one sessionizer is killed with SIGKILL mid-stream and started again once the other took its
 * partitions. Then every acknowledged event is in ClickHouse once, and every metric the query node answers through
 * the native API and the three beacon-fed vendor facades equals, to the last digit, what the embedded mode (one
 * process, DuckDB) answers for the same beacons; the native metrics and one count of each facade also equal the
 * simulator's truth.
 *
 * <p>{@value #VIEWS_PROPERTY} sets the number of simulated views (default {@value #DEFAULT_VIEW_COUNT}, which keeps
 * the test near two minutes here; docs/scale-out.md has the figures of a 10,000-view run).
 *
 * <p>The beacons are the simulator's bodies unchanged, so each node corrects event times by its own receipt time:
 * durations (on the device clock) and the time-window checks (event time minus receipt time) come out the same in
 * both runs, only the placement of views in time differs (real time here, the simulated window embedded). Each run is
 * therefore queried over a timeframe that holds all of its views.
 */
@ExtendWith(ClickHouseTestCluster.class)
class ScaleOutTopologyTest {
    static final String VIEWS_PROPERTY = "playtrace.topology.views";
    static final int DEFAULT_VIEW_COUNT = 2_000;
    private static final int VIEW_COUNT = Integer.getInteger(VIEWS_PROPERTY, DEFAULT_VIEW_COUNT);
    private static final long DAY_MS = 86_400_000L;
    private static final long SEED = 15L;
    private static final Instant WINDOW_START = Instant.parse("2026-11-18T00:00:00Z");
    private static final Instant WINDOW_END = WINDOW_START.plus(Duration.ofHours(2));
    private static final String TOPIC = "topology";
    private static final String VIEW_TIMEOUT_SECONDS = "5";
    private static final int POSTING_THREADS = 16;
    private static final long GROUP_SPAN_MS = 2_000;
    private static final Duration SAFETY_TIMEOUT = Duration.ofSeconds(180);
    /** Requests the collectors may leave unanswered (a closed kept-alive connection) before the run fails. */
    private static final int MAX_UNANSWERED_ATTEMPTS = 100;
    private static final String TOOK_PARTITIONS = "took partitions";
    private static final String TOKEN_ID = ServerProcess.API_TOKEN.substring(0, ServerProcess.API_TOKEN.indexOf(':'));
    private static final String TOKEN_SECRET = ServerProcess.API_TOKEN.substring(ServerProcess.API_TOKEN.indexOf(':') + 1);

    /**
     * Averages of per-view doubles that are not whole numbers (square roots, exponentials, time-weighted means): DuckDB
     * and ClickHouse add the same per-view values (stored bit for bit) in different orders, and a sum of doubles
     * depends on its order in the last bits. Measured on this test's views: upscale_percentage is 19.923946998315948
     * embedded, 19.923946998315962 from ClickHouse's {@code avg} and 19.923946998315934 from its
     * {@code sumKahan()/count()} over the same rows; weighted_average_bitrate's avg matched in one run and not in the
     * next. Every other metric is a count, a sum of whole milliseconds, a ratio of those or a percentile, and is
     * compared digit for digit.
     */
    private static final Set<String> SUMMED_IN_ENGINE_ORDER = Set.of("upscale_percentage", "startup_time_score",
            "smoothness_score", "video_quality_score", "viewer_experience_score", "weighted_average_bitrate avg");
    private static final double SUMMATION_ORDER_TOLERANCE = 1e-12;
    /** The facades' fields that are such averages: SmartSight's quality of experience (viewer_experience_score). */
    private static final Set<String> FACADE_FIELDS_SUMMED_IN_ENGINE_ORDER = Set.of("qualityofexperience");
    /**
     * The simulator computes its truth in Java doubles in its own order: as in SimulatedViewsEndToEndTest, values
     * are compared within 1e-9 relative (counts are whole numbers, so they are exact).
     */
    private static final double TRUTH_TOLERANCE = 1e-9;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aSessionizerKilledMidStreamLosesNothingAndEveryMetricEqualsTheEmbeddedModes(@TempDir Path scratch)
            throws Exception {
        long testStartMs = System.currentTimeMillis();
        GroundTruth simulated = new GroundTruth();
        List<Beacon> beacons = simulatedBeacons(simulated);
        String storeUrl = ClickHouseTestCluster.newStoreUrl();
        FacadeAnswers facades = new FacadeAnswers(http, ServerProcess.PROJECT_ID);
        Map<String, String> distributed;
        Map<String, String> distributedFacades;
        Set<String> acknowledged;
        long takeoverMs;
        try (KafkaBroker broker = KafkaBroker.start();
             Nodes nodes = new Nodes(scratch, storeUrl, "kafka://" + broker.bootstrapServers() + "/" + TOPIC)) {
            nodes.start("sessionizer-a", "sessionizer");
            // the first node made the tables and the project; the others start together
            List<ServerProcess> started = nodes.startTogether(
                    List.of("sessionizer-b", "collector-1", "collector-2", "query"),
                    List.of("sessionizer", "collector", "collector", "query"));
            List<ServerProcess> collectors = started.subList(1, 3);
            ServerProcess query = started.get(3);
            // both workers own partitions before the load starts, so the one killed has work to lose
            awaitCondition("both sessionizers own partitions", () -> nodes.logCount("sessionizer-b", TOOK_PARTITIONS) > 0);

            phase("nodes started", testStartMs);
            DistributedLoad load = new DistributedLoad(collectors);
            int third = beacons.size() / 3;
            load.post(beacons.subList(0, third));
            int takenBefore = nodes.logCount("sessionizer-a", TOOK_PARTITIONS);
            nodes.kill("sessionizer-b");
            long killedAtNs = System.nanoTime();
            load.post(beacons.subList(third, 2 * third));
            awaitCondition("sessionizer-a takes the killed worker's partitions",
                    () -> nodes.logCount("sessionizer-a", TOOK_PARTITIONS) > takenBefore);
            takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAtNs);
            nodes.start("sessionizer-b", "sessionizer");
            load.post(beacons.subList(2 * third, beacons.size()));
            acknowledged = load.finish();
            phase("every beacon acknowledged", testStartMs);

            ClickHouseEvents store = new ClickHouseEvents(storeUrl);
            awaitCondition("every acknowledged event stored and every view closed",
                    () -> store.storedEventCount() == acknowledged.size() && store.openViewCount() == 0);
            phase("every acknowledged event stored, every view closed", testStartMs);
            assertThat(store.storedEvents()).as("stored events (view#sequence)").isEqualTo(acknowledged);
            assertThat(store.viewRowsAfterFinal()).as("view rows in ClickHouse after FINAL")
                    .isEqualTo(store.distinctViews());
            long timeframeFromS = testStartMs / 1000 - 2 * 86_400;
            long timeframeToS = System.currentTimeMillis() / 1000 + 86_400;
            distributed = metrics(query.uri(""), timeframeFromS, timeframeToS);
            distributedFacades = facades.ask(query.uri(""), utcDayStart(testStartMs) - DAY_MS,
                    utcDayStart(System.currentTimeMillis()) + DAY_MS);
            phase("every question answered by the query node", testStartMs);
            System.out.printf("topology: %d views simulated, %d beacons posted, %d sent again (503 or no answer), %d events"
                            + " acknowledged, %d stored, %d view rows (%d distinct), raw event_log rows %d;"
                            + " takeover %d ms after the kill%n", VIEW_COUNT, beacons.size(), load.retries(),
                    acknowledged.size(), store.storedEventCount(), store.viewRowsAfterFinal(), store.distinctViews(),
                    store.rawEventRows(), takeoverMs);
        }

        long embeddedStartMs = System.currentTimeMillis();
        EmbeddedAnswers embeddedRun = embeddedRun(scratch.resolve("embedded"), beacons, facades);
        Map<String, String> embedded = embeddedRun.nativeMetrics();
        System.out.printf("topology: the topology's part took %d s, the embedded run %d s%n",
                (embeddedStartMs - testStartMs) / 1000, (System.currentTimeMillis() - embeddedStartMs) / 1000);
        assertThat(distributed.get("views")).isEqualTo(embedded.get("views"));
        assertThat(Double.parseDouble(distributed.get("views"))).isGreaterThan(VIEW_COUNT * 9 / 10);
        assertThat(distributed.keySet()).isEqualTo(embedded.keySet());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(FacadeAnswers.differences(embeddedRun.facades(), distributedFacades,
                        FACADE_FIELDS_SUMMED_IN_ENGINE_ORDER, SUMMATION_ORDER_TOLERANCE))
                .as("the facades' answers of the query node that differ from the embedded run's").isEmpty();
        ExpectedMetrics truth = simulated.playRequestedIn(WINDOW_START.toEpochMilli() - DAY_MS,
                WINDOW_END.toEpochMilli() + DAY_MS).overall();
        assertMatchesTruth(soft, distributed, distributedFacades, truth);
        for (String metric : embedded.keySet()) {
            if (SUMMED_IN_ENGINE_ORDER.contains(metric)) {
                double want = Double.parseDouble(embedded.get(metric));
                soft.assertThat(Double.parseDouble(distributed.get(metric))).as(metric)
                        .isCloseTo(want, within(Math.abs(want) * SUMMATION_ORDER_TOLERANCE));
            } else {
                soft.assertThat(distributed.get(metric)).as(metric).isEqualTo(embedded.get(metric));
            }
        }
        soft.assertAll();
    }

    /**
     * The query node's native metrics against the simulator's truth, and one count of each facade: api.video's plays
     * and impressions, SmartSight's plays (viewercount) and attempts (views), VPE's plays summed over its days.
     */
    private static void assertMatchesTruth(SoftAssertions soft, Map<String, String> nativeMetrics,
            Map<String, String> facades, ExpectedMetrics truth) {
        for (String metric : ExpectedMetrics.METRIC_IDS) {
            for (String measurement : ExpectedMetrics.MEASUREMENTS.getOrDefault(metric, List.of(""))) {
                String key = measurement.isEmpty() ? metric : metric + " " + measurement;
                Double want = measurement.isEmpty() ? truth.get(metric) : truth.get(metric, measurement);
                // the Mux-shaped overall value is a number: an undefined ratio is 0 there
                double expected = want == null ? 0.0 : want;
                soft.assertThat(Double.parseDouble(nativeMetrics.get(key))).as("truth: native " + key)
                        .isCloseTo(expected, within(Math.max(1e-9, Math.abs(expected) * TRUTH_TOLERANCE)));
                soft.assertThat(Long.parseLong(nativeMetrics.get(key + " total_views"))).as("truth: " + key
                        + " total_views").isEqualTo(truth.views());
            }
        }
        soft.assertThat(FacadeAnswers.number(facades, "api.video metrics play/count", "/data")).as("truth: api.video plays")
                .isEqualTo((double) truth.plays());
        soft.assertThat(FacadeAnswers.number(facades, "api.video metrics impression/count", "/data"))
                .as("truth: api.video impressions").isEqualTo((double) truth.views());
        soft.assertThat(FacadeAnswers.number(facades, "smartsight metricquery overall", "/response/0/viewercount"))
                .as("truth: SmartSight viewercount").isEqualTo((double) truth.plays());
        soft.assertThat(FacadeAnswers.number(facades, "smartsight metricquery overall", "/response/0/attempts"))
                .as("truth: SmartSight attempts").isEqualTo((double) truth.views());
        soft.assertThat(FacadeAnswers.number(facades, "vpe charts playCnt, summed over days", "/playSuccessCnt"))
                .as("truth: VPE plays").isEqualTo((double) truth.plays());
    }

    private static long utcDayStart(long epochMs) {
        return Math.floorDiv(epochMs, DAY_MS) * DAY_MS;
    }

    private static void phase(String what, long testStartMs) {
        System.out.printf("topology: %s at %.1f s%n", what, (System.currentTimeMillis() - testStartMs) / 1000.0);
    }

    /** The simulator's beacons in send order; {@code truth} gets its record of every view. */
    private static List<Beacon> simulatedBeacons(GroundTruth truth) {
        ViewerSimulator simulator = new ViewerSimulator(SEED,
                SimulationConfig.defaults(ServerProcess.INGEST_KEY).withWatchTimeScale(0.25));
        Iterator<Beacon> stream = simulator.beacons(WINDOW_START.toEpochMilli(), WINDOW_END.toEpochMilli(), VIEW_COUNT,
                truth);
        List<Beacon> beacons = new ArrayList<>();
        stream.forEachRemaining(beacons::add);
        return beacons;
    }

    /**
     * The same beacons through one embedded server (DuckDB, local log) whose clock follows the simulated send times:
     * beacons sent within 2 s of each other go concurrently, received at the group's last send time.
     */
    private EmbeddedAnswers embeddedRun(Path dataDir, List<Beacon> beacons, FacadeAnswers facades) throws Exception {
        MutableClock clock = new MutableClock(WINDOW_START);
        ServerConfig config = new ServerConfig(0, dataDir, false, ServerConfig.DEFAULT_VIEW_TIMEOUT, null,
                new ServerConfig.FixedProject(ServerProcess.PROJECT_ID, ServerProcess.INGEST_KEY, TOKEN_ID,
                        TOKEN_SECRET), ServerConfig.DEFAULT_MAX_BEACON_BYTES, FacadeAnswers.ENVIRONMENT)
                .withFacadeSettings(new FacadeSettings(Integer.parseInt(
                        FacadeAnswers.ENVIRONMENT.get(ApiVideoFacade.RATE_LIMIT_VARIABLE))));
        ExecutorService posters = Executors.newFixedThreadPool(POSTING_THREADS);
        try (RunningServer server = RunningServer.start(config, clock)) {
            List<Beacon> group = new ArrayList<>();
            for (Beacon beacon : beacons) {
                if (!group.isEmpty() && beacon.sendAtServerMs() - group.getFirst().sendAtServerMs() > GROUP_SPAN_MS) {
                    postGroup(server, clock, group, posters);
                    group.clear();
                }
                group.add(beacon);
            }
            postGroup(server, clock, group, posters);
            clock.advance(Duration.ofHours(1));
            server.flush();
            server.flush();
            return new EmbeddedAnswers(
                    metrics(server.uri(""), WINDOW_START.getEpochSecond() - 86_400, WINDOW_END.getEpochSecond() + 86_400),
                    facades.ask(server.uri(""), utcDayStart(WINDOW_START.toEpochMilli()) - DAY_MS,
                            utcDayStart(clock.millis()) + DAY_MS));
        } finally {
            posters.shutdownNow();
        }
    }

    /** What the embedded run answered: the native metrics and the facades' answers. */
    private record EmbeddedAnswers(Map<String, String> nativeMetrics, Map<String, String> facades) {
    }

    private static void postGroup(RunningServer server, MutableClock clock, List<Beacon> group, ExecutorService posters)
            throws Exception {
        clock.set(Math.max(clock.millis(), group.getLast().sendAtServerMs()));
        List<Future<RunningServer.Response>> responses = new ArrayList<>();
        for (Beacon beacon : group) {
            responses.add(posters.submit(() -> server.postBeaconAsAnSdkWould(beacon.jsonBytes(), headers(beacon))));
        }
        for (Future<RunningServer.Response> response : responses) {
            assertThat(response.get().status()).as(response.get().body()).isEqualTo(200);
            assertThat(response.get().json().path("rejected").asInt()).as(response.get().body()).isZero();
        }
    }

    /** Every metric of metrics.md §3 with every measurement, overall, as a node's native API answers it. */
    private Map<String, String> metrics(URI node, long fromS, long toS) {
        Map<String, String> values = new LinkedHashMap<>();
        String timeframe = "timeframe[]=" + fromS + "&timeframe[]=" + toS;
        for (String metric : ExpectedMetrics.METRIC_IDS) {
            for (String measurement : ExpectedMetrics.MEASUREMENTS.getOrDefault(metric, List.of(""))) {
                String path = "/data/v1/metrics/" + metric + "/overall?" + timeframe
                        + (measurement.isEmpty() ? "" : "&measurement=" + measurement);
                HttpResponse<String> response = send(HttpRequest.newBuilder(node.resolve(path))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                ServerProcess.API_TOKEN.getBytes(StandardCharsets.UTF_8))).GET().build());
                assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
                JsonNode data = readJson(response.body()).path("data");
                String key = measurement.isEmpty() ? metric : metric + " " + measurement;
                values.put(key, data.path("value").asText());
                values.put(key + " total_views", data.path("total_views").asText());
            }
        }
        return values;
    }

    private static Map<String, String> headers(Beacon beacon) {
        return Map.of("Content-Type", "text/plain", "User-Agent", beacon.userAgent(),
                "CF-IPCountry", beacon.countryCode());
    }

    /** Every event of a body as {@code view#sequence}. */
    private static List<String> eventKeys(Beacon beacon) {
        List<String> keys = new ArrayList<>();
        for (JsonNode event : readJson(beacon.jsonBody()).path("events")) {
            keys.add(event.path(BeaconFields.VIEW_ID).asText() + "#"
                    + event.path(BeaconFields.VIEW_SEQUENCE_NUMBER).asLong());
        }
        return keys;
    }

    private static JsonNode readJson(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition until it holds; the timeout is a safety net for a hung run, not a wait for time. */
    private static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SAFETY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, SAFETY_TIMEOUT).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // between polls of the condition
        }
    }

    /**
     * Posts beacons in send order through the collectors in turn, as SDKs behind a load balancer would: up to
     * {@link #POSTING_THREADS} at a time (so beacons of one view may overtake each other), a 503 sent again until it
     * is taken. Records the events of every beacon answered 2xx.
     */
    private final class DistributedLoad {
        private final List<ServerProcess> collectors;
        private final ExecutorService posters = Executors.newFixedThreadPool(POSTING_THREADS);
        private final Semaphore inFlight = new Semaphore(POSTING_THREADS * 2);
        private final List<Future<?>> pending = new ArrayList<>();
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final AtomicLong retries = new AtomicLong();
        private final AtomicLong unansweredAttempts = new AtomicLong();
        private int next;

        DistributedLoad(List<ServerProcess> collectors) {
            this.collectors = collectors;
        }

        void post(List<Beacon> beacons) throws InterruptedException {
            for (Beacon beacon : beacons) {
                URI collector = collectors.get(next++ % collectors.size()).uri("/v1/beacons");
                inFlight.acquire();
                pending.add(posters.submit(() -> {
                    try {
                        postUntilTaken(collector, beacon);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }

        private void postUntilTaken(URI collector, Beacon beacon) {
            HttpRequest.Builder request = HttpRequest.newBuilder(collector).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(beacon.jsonBytes()));
            headers(beacon).forEach(request::header);
            HttpResponse<String> response;
            while ((response = sendOrNull(request.build())) == null || response.statusCode() == 503) {
                retries.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // as an SDK backs off
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(readJson(response.body()).path("rejected").asInt()).as(response.body()).isZero();
            acknowledged.addAll(eventKeys(beacon));
        }

        /**
         * The answer, or null when there was none: a kept-alive connection the collector closed as idle just as this
         * request reused it (more likely on a loaded machine). The beacon was not acknowledged, so an SDK sends it
         * again; a copy that did arrive is a duplicate the sessionizer drops.
         */
        private HttpResponse<String> sendOrNull(HttpRequest request) {
            try {
                return send(request);
            } catch (UncheckedIOException unanswered) {
                if (unansweredAttempts.incrementAndGet() > MAX_UNANSWERED_ATTEMPTS) {
                    throw unanswered;
                }
                return null;
            }
        }

        Set<String> finish() throws InterruptedException, ExecutionException, TimeoutException {
            try {
                for (Future<?> beacon : pending) {
                    beacon.get(SAFETY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                return Set.copyOf(acknowledged);
            } finally {
                posters.shutdownNow();
            }
        }

        long retries() {
            return retries.get();
        }
    }

    /** The Playtrace node processes, each with its own data directory and log file, by name. */
    private static final class Nodes implements AutoCloseable {
        private static final String FIRST_NODE = "sessionizer-a";
        private static final String SERVER_KEY = "server.key";
        private final Path scratch;
        private final String storeUrl;
        private final String busUrl;
        private final Map<String, ServerProcess> running = new ConcurrentHashMap<>();

        Nodes(Path scratch, String storeUrl, String busUrl) {
            this.scratch = scratch;
            this.storeUrl = storeUrl;
            this.busUrl = busUrl;
        }

        /**
         * Starts a node; every node after the first gets the first one's {@code server.key}, as an operator copies it:
         * the secrets the nodes keep in the shared store are encrypted with it.
         */
        ServerProcess start(String name, String role) throws IOException {
            Path dataDir = Files.createDirectories(scratch.resolve(name));
            Path firstKey = scratch.resolve(FIRST_NODE).resolve(SERVER_KEY);
            if (!name.equals(FIRST_NODE) && !Files.exists(dataDir.resolve(SERVER_KEY))) {
                Files.copy(firstKey, dataDir.resolve(SERVER_KEY), StandardCopyOption.COPY_ATTRIBUTES);
            }
            // a query node needs no bus; it runs the deployment's schedules (alerts, exports)
            List<String> arguments = role.equals("query")
                    ? List.of("--role", role, "--store", storeUrl, "--scheduler")
                    : List.of("--role", role, "--bus", busUrl, "--store", storeUrl, "--view-timeout",
                            VIEW_TIMEOUT_SECONDS);
            ServerProcess node = ServerProcess.start(dataDir, log(name), arguments, FacadeAnswers.ENVIRONMENT);
            running.put(name, node);
            return node;
        }

        /** Starts the nodes (name and role at the same index) in parallel and returns them in that order. */
        List<ServerProcess> startTogether(List<String> names, List<String> roles) throws Exception {
            ExecutorService starters = Executors.newFixedThreadPool(names.size());
            try {
                List<Future<ServerProcess>> started = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    String role = roles.get(i);
                    started.add(starters.submit(() -> start(name, role)));
                }
                List<ServerProcess> nodes = new ArrayList<>();
                for (Future<ServerProcess> node : started) {
                    nodes.add(node.get());
                }
                return nodes;
            } finally {
                starters.shutdownNow();
            }
        }

        /** SIGKILL. */
        void kill(String name) {
            running.remove(name).kill();
        }

        int logCount(String name, String text) {
            try {
                Path log = log(name);
                return !Files.exists(log) ? 0 : (int) Files.readAllLines(log).stream()
                        .filter(line -> line.contains(text)).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Path log(String name) {
            return scratch.resolve(name + ".log");
        }

        @Override
        public void close() {
            running.values().forEach(ServerProcess::close);
        }
    }

    /** Reads the topology's database straight from ClickHouse over its HTTP interface. */
    private final class ClickHouseEvents {
        private final URI endpoint;
        private final String database;

        /** Reads through the first server of the sharded store, where the Distributed tables are. */
        ClickHouseEvents(String storeUrl) {
            URI url = URI.create(storeUrl.replaceFirst("^clickhouse:", "http:"));
            this.endpoint = URI.create("http://" + url.getRawAuthority().split(",")[0] + "/");
            this.database = url.getPath().substring(1);
        }

        long storedEventCount() {
            return Long.parseLong(query("SELECT count() FROM " + database + ".events WHERE project_id = '"
                    + ServerProcess.PROJECT_ID + "'").trim());
        }

        Set<String> storedEvents() {
            Set<String> keys = new HashSet<>();
            for (String line : query("SELECT view_id, sequence_number FROM " + database + ".events WHERE project_id = '"
                    + ServerProcess.PROJECT_ID + "'").split("\n")) {
                if (!line.isEmpty()) {
                    String[] columns = line.split("\t");
                    assertThat(keys.add(columns[0] + "#" + columns[1])).as("event %s read once", line).isTrue();
                }
            }
            return keys;
        }

        long rawEventRows() {
            return Long.parseLong(query("SELECT count() FROM " + database + ".event_log").trim());
        }

        long openViewCount() {
            return Long.parseLong(query("SELECT count() FROM " + database + ".views FINAL WHERE closed = 0").trim());
        }

        long viewRowsAfterFinal() {
            return Long.parseLong(query("SELECT count() FROM " + database + ".views FINAL").trim());
        }

        long distinctViews() {
            return Long.parseLong(query("SELECT uniqExact(project_id, view_id) FROM " + database + ".views").trim());
        }

        private String query(String sql) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint)
                    .POST(HttpRequest.BodyPublishers.ofString(sql + " FORMAT TabSeparated")).build());
            assertThat(response.statusCode()).as(sql + " -> " + response.body()).isEqualTo(200);
            return response.body();
        }
    }
}
