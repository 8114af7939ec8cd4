package dev.playtrace.server.demo;

import dev.playtrace.ingest.session.EventSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.ingest.pipeline.BatchResult;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.model.Project;
import dev.playtrace.model.TimeRange;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.pipeline.FlushScheduler;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.DemoDataGenerator;
import dev.playtrace.simulator.LiveTrickle;
import dev.playtrace.store.spi.ViewStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code --demo}: fills the default project with simulated viewing of the last 7 days (once; later starts fill only
 * the gap since the last fill), then keeps a trickle of live viewers going while the server runs. Beacons go through
 * the same ingest pipeline as real ones.
 */
public final class DemoLoader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DemoLoader.class.getName());
    static final String STATE_FILE = "demo-state.json";
    private static final int VIEWS_PER_DAY = 3_000;
    private static final double LIVE_VIEWS_PER_MINUTE = 3.0;
    private static final Duration BACKFILL_SPAN = Duration.ofDays(7);
    /** Backfilled views start this long before now, so their beacons are all in the past. */
    private static final Duration BACKFILL_END_BEFORE_NOW = Duration.ofHours(2);
    private static final long SEED = 20261123L;

    private final Thread worker;
    private volatile boolean running = true;

    private DemoLoader(Runnable work) {
        this.worker = new Thread(work, "playtrace-demo");
        this.worker.setDaemon(true);
    }

    public static DemoLoader start(BeaconIngestor ingestor, EventBus liveBus, FlushScheduler flusher,
            ViewStore store, Project project, Path dataDir, Clock clock) {
        DemoLoader[] self = new DemoLoader[1];
        self[0] = new DemoLoader(() -> self[0].run(ingestor, liveBus, store, project, dataDir, clock));
        self[0].worker.start();
        return self[0];
    }

    private void run(BeaconIngestor ingestor, EventBus liveBus, ViewStore store, Project project,
            Path dataDir, Clock clock) {
        try {
            backfill(ingestor, store, project, dataDir, clock);
            live(ingestor, liveBus, project, clock);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "demo data generation stopped", e);
        }
    }

    private void backfill(BeaconIngestor ingestor, ViewStore store, Project project, Path dataDir, Clock clock) {
        long nowMs = clock.millis();
        TimeRange window = DemoDataGenerator.recentWindow(nowMs, BACKFILL_SPAN);
        long fromMs = Math.max(window.fromMs(), filledUntilMs(dataDir));
        long toMs = nowMs - BACKFILL_END_BEFORE_NOW.toMillis();
        if (toMs - fromMs < Duration.ofMinutes(10).toMillis()) {
            return;
        }
        int count = (int) Math.max(1, (toMs - fromMs) * VIEWS_PER_DAY / Duration.ofDays(1).toMillis());
        LOG.info(() -> "demo: simulating " + count + " views between " + java.time.Instant.ofEpochMilli(fromMs)
                + " and " + java.time.Instant.ofEpochMilli(toMs));
        Backfill backfill = new Backfill(ingestor, (views, events, position) -> store.write(views, events),
                EventSource.of(store::loadEvents, store::storedViews));
        backfill.replay(new DemoDataGenerator(SEED ^ fromMs, project.ingestKey()).beacons(fromMs, toMs, count), nowMs,
                () -> running);
        writeFilledUntil(dataDir, toMs);
        LOG.info("demo: backfill written");
    }

    private void live(BeaconIngestor ingestor, EventBus bus, Project project, Clock clock) {
        LiveTrickle trickle = new DemoDataGenerator(SEED ^ clock.millis(), project.ingestKey())
                .liveTrickle(clock.millis(), LIVE_VIEWS_PER_MINUTE);
        while (running) {
            long nowMs = clock.millis();
            for (Beacon beacon : trickle.pollDue(nowMs)) {
                byte[] body = beacon.jsonBodyReceivedAt(nowMs).getBytes(StandardCharsets.UTF_8);
                BatchResult result = ingestor.ingest(body, new BeaconContext(nowMs, beacon.userAgent(), null, beacon.countryCode()));
                // a refused or failed batch of the demo trickle is simply not shown; nobody waits for its answer
                bus.publish(result.events());
            }
            try {
                Thread.sleep(Math.max(10, Math.min(1_000, trickle.nextSendAtMs() - clock.millis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long filledUntilMs(Path dataDir) {
        Path state = dataDir.resolve(STATE_FILE);
        if (!Files.exists(state)) {
            return 0;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(state.toFile());
            return node.path("filled_until_ms").asLong(0);
        } catch (IOException e) {
            LOG.warning("demo: cannot read " + state + "; filling the whole window again: " + e);
            return 0;
        }
    }

    private static void writeFilledUntil(Path dataDir, long filledUntilMs) {
        ObjectNode state = Json.object();
        state.put("filled_until_ms", filledUntilMs);
        try {
            Files.write(dataDir.resolve(STATE_FILE), Json.bytes(state));
        } catch (IOException e) {
            LOG.warning("demo: cannot record the fill in " + dataDir + ": " + e);
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
