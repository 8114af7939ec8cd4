package dev.playtrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.ingest.bus.DirectEventBus;
import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.UserAgentParser;
import dev.playtrace.ingest.pipeline.BeaconContext;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.pipeline.IngestCounters;
import dev.playtrace.ingest.session.EventSource;
import dev.playtrace.ingest.session.Sessionizer;
import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.model.Project;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.simulator.Beacon;
import dev.playtrace.simulator.StartupFailureFault;
import dev.playtrace.simulator.SimulationConfig;
import dev.playtrace.simulator.ViewerSimulator;
import dev.playtrace.store.spi.AlertRule;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Simulated viewers through the real ingest pipeline and sessionizer into an in-memory store, with the alert engine
 * on the query engine, all on one clock the test moves: each simulated minute, beacons sent in it are ingested, the
 * sessionizer flushes (as the server does every 500 ms) and the scheduler runs (as the server does each minute).
 */
final class SimulatedAlerting implements AutoCloseable {
    static final String PROJECT_ID = "proj_alerts";
    static final String INGEST_KEY = "alertsingestkey";
    private static final long MINUTE_MS = 60_000;

    final MutableClock clock;
    final PlaytraceStore store;
    final QueryService queries;
    final AlertRuleJson rules = new AlertRuleJson(MetricCatalog.standard());
    final AlertScheduler scheduler;
    private final BeaconIngestor ingestor;
    private final Sessionizer sessionizer;
    private final DirectEventBus bus;
    private final Iterator<Beacon> beacons;
    private Beacon pending;
    private long beaconCount;

    /**
     * @param viewsPerMinute simulated views starting each minute (uniformly) from {@code startMs} to {@code endMs}
     */
    SimulatedAlerting(long startMs, long endMs, int viewsPerMinute, List<StartupFailureFault> faults, long seed) {
        this(startMs, endMs, viewsPerMinute, faults, seed, false);
    }

    /** @param dailyCurve start times follow the simulator's daily curve (night trough, evening peak) */
    SimulatedAlerting(long startMs, long endMs, int viewsPerMinute, List<StartupFailureFault> faults, long seed,
            boolean dailyCurve) {
        this.clock = new MutableClock(Instant.ofEpochMilli(startMs));
        this.store = PlaytraceStores.open("duckdb::memory:");
        store.projects().saveProject(new Project(PROJECT_ID, "Alerts", INGEST_KEY, startMs));
        this.queries = new QueryEngine(store.views(), clock);
        this.ingestor = new BeaconIngestor(key -> INGEST_KEY.equals(key) ? Optional.of(PROJECT_ID) : Optional.empty(),
                new BatchEnricher(UserAgentParser.none(), CountryLookup.none()), IngestCounters.NONE);
        this.sessionizer = new Sessionizer((views, events, position) -> store.views().write(views, events),
                EventSource.of(store.views()::loadEvents, store.views()::storedViews), clock,
                SessionizerSettings.DEFAULTS.withClosedViewRetention(Duration.ofMinutes(10)));
        this.bus = new DirectEventBus(sessionizer::accept);
        SimulationConfig config = SimulationConfig.defaults(INGEST_KEY).withDailyCurve(dailyCurve).withWatchTimeScale(0.05)
                .withDeliveryFaults(0, 0).withSkewedClockShare(0);
        int views = (int) ((endMs - startMs) / MINUTE_MS * viewsPerMinute);
        this.beacons = new ViewerSimulator(seed, config, faults).beacons(startMs, endMs, views, truth -> { });
        WebhookDispatcher webhooks = new WebhookDispatcher(store.alerts(), rules, secret -> secret, clock);
        AlertEngine engine = new AlertEngine(store.alerts(), queries, rules, new RuleEvaluator(queries,
                MetricCatalog.standard()), webhooks);
        this.scheduler = new AlertScheduler(engine, webhooks, clock);
    }

    /** Stores a rule given as the API's JSON body (webhook secrets kept as given). */
    String addRule(String json) {
        AlertRuleDefinition definition = rules.parse(parse(json), (url, given) -> given);
        String id = "rule_" + AlertEngine.randomHex();
        store.alerts().saveRule(new AlertRule(PROJECT_ID, id, definition.name(), true,
                new String(Json.bytes(rules.stored(definition)), java.nio.charset.StandardCharsets.UTF_8),
                clock.millis(), clock.millis()));
        return id;
    }

    /** Replays minute by minute up to {@code untilMs}: ingest the minute's beacons, flush, run the scheduler. */
    void runUntil(long untilMs, MinuteListener listener) {
        replayUntil(untilMs, true, listener);
    }

    /** Replays up to {@code untilMs} without evaluating rules (the history an anomaly rule needs). */
    void warmUpUntil(long untilMs) {
        replayUntil(untilMs, false, minute -> { });
    }

    private void replayUntil(long untilMs, boolean evaluate, MinuteListener listener) {
        long nextMinute = (clock.millis() / MINUTE_MS + 1) * MINUTE_MS;
        while (nextMinute <= untilMs) {
            ingestBefore(nextMinute);
            clock.set(nextMinute);
            sessionizer.flush();
            if (evaluate) {
                scheduler.runOnce();
            }
            listener.afterMinute(nextMinute);
            nextMinute += MINUTE_MS;
        }
    }

    @FunctionalInterface
    interface MinuteListener {
        void afterMinute(long minuteMs);
    }

    long beaconCount() {
        return beaconCount;
    }

    private void ingestBefore(long untilMs) {
        while (true) {
            if (pending == null) {
                if (!beacons.hasNext()) {
                    return;
                }
                pending = beacons.next();
            }
            if (pending.sendAtServerMs() >= untilMs) {
                return;
            }
            clock.set(Math.max(clock.millis(), pending.sendAtServerMs()));
            bus.publish(ingestor.ingest(pending.jsonBytes(), new BeaconContext(pending.sendAtServerMs(),
                    pending.userAgent(), null, pending.countryCode())).events());
            beaconCount++;
            pending = null;
        }
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sessionizer.close();
        store.close();
    }
}
