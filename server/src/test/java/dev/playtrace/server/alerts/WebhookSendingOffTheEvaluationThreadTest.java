package dev.playtrace.server.alerts;

import com.sun.net.httpserver.HttpServer;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.store.spi.AlertIncident;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.WebhookAttempt;
import dev.playtrace.store.spi.WebhookDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler as the server runs it ({@link AlertScheduler#start}), against real receivers on localhost: one
 * that never answers (until the test lets it) and one that answers at once. Webhooks are sent off the evaluation
 * thread, and deliveries stored as pending are sent after a restart.
 */
class WebhookSendingOffTheEvaluationThreadTest {
    private static final String PROJECT = "p1";
    private static final Instant T0 = Instant.parse("2026-11-18T12:00:00Z");
    private static final Duration TICK = Duration.ofMillis(20);
    /** Longer than the test waits: the silent receiver's attempt is still in flight while the test looks. */
    private static final Duration PATIENT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Fires at every evaluation: fewer than a billion views, no minimum. */
    private static final String ALWAYS_FIRING = """
            {"name": "%s", "metric": "views", "min_views": 0,
             "condition": {"type": "threshold", "direction": "below", "value": 1000000000}%s}""";

    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(T0);
    private final CountDownLatch silentReceiverMayAnswer = new CountDownLatch(1);
    private final AtomicInteger silentReceived = new AtomicInteger();
    private final AtomicInteger promptReceived = new AtomicInteger();
    private ExecutorService receiverThreads;
    private HttpServer receiver;
    private PlaytraceStore store;

    @BeforeEach
    void start() throws IOException {
        receiverThreads = Executors.newFixedThreadPool(4);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/silent", exchange -> {
            exchange.getRequestBody().readAllBytes();
            silentReceived.incrementAndGet();
            try {
                silentReceiverMayAnswer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.createContext("/prompt", exchange -> {
            exchange.getRequestBody().readAllBytes();
            promptReceived.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        store = openStore();
    }

    @AfterEach
    void stop() {
        silentReceiverMayAnswer.countDown();
        receiver.stop(0);
        receiverThreads.shutdownNow();
        store.close();
    }

    @Test
    void aReceiverThatNeverAnswersDelaysNoOtherRulesIncident() {
        SimulatedRules rules = new SimulatedRules(store, clock);
        String silentRule = rules.add(ALWAYS_FIRING.formatted("Silent receiver", webhook("/silent")));
        try (AlertScheduler scheduler = scheduler(store).start(TICK)) {
            clock.advance(Duration.ofMinutes(1));
            awaitCondition("the silent receiver got the opening message", () -> silentReceived.get() == 1);

            String otherRule = rules.add(ALWAYS_FIRING.formatted("Another rule", webhook("/prompt")));
            clock.advance(Duration.ofMinutes(1));
            awaitCondition("the other rule's incident opened",
                    () -> store.alerts().findOpenIncident(PROJECT, otherRule).isPresent());
            awaitCondition("the other rule's webhook was delivered", () -> promptReceived.get() == 1);

            WebhookDelivery silent = onlyDelivery(silentRule);
            assertThat(silent.status()).as("still waiting for its receiver").isEqualTo(WebhookDelivery.Status.PENDING);
            assertThat(store.alerts().listAttempts(silent.deliveryId())).as("its attempt has not ended").isEmpty();

            silentReceiverMayAnswer.countDown();
            awaitCondition("the silent receiver's delivery was recorded",
                    () -> onlyDelivery(silentRule).status() == WebhookDelivery.Status.DELIVERED);
            assertThat(store.alerts().listAttempts(silent.deliveryId())).extracting(WebhookAttempt::statusCode)
                    .containsExactly(200);
            assertThat(silentReceived.get()).as("never sent twice while in flight").isEqualTo(1);
            assertThat(onlyDelivery(otherRule).status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
        }
    }

    @Test
    void deliveriesStoredAsPendingAreSentAfterARestart() {
        SimulatedRules rules = new SimulatedRules(store, clock);
        String rule = rules.add(ALWAYS_FIRING.formatted("Prompt receiver", webhook("/prompt")));
        // evaluated once without sending (a server that stopped before it could send)
        new AlertEngine(store.alerts(), queries(store), rules.json, new RuleEvaluator(queries(store),
                MetricCatalog.standard()), dispatcher(store)).evaluateAll(clock.millis());
        assertThat(onlyDelivery(rule).status()).isEqualTo(WebhookDelivery.Status.PENDING);
        store.close();

        store = openStore();
        try (AlertScheduler restarted = scheduler(store).start(TICK)) {
            awaitCondition("the pending delivery was sent after the restart",
                    () -> onlyDelivery(rule).status() == WebhookDelivery.Status.DELIVERED);
        }
        assertThat(promptReceived.get()).isEqualTo(1);
        assertThat(store.alerts().listAttempts(onlyDelivery(rule).deliveryId())).extracting(WebhookAttempt::statusCode)
                .containsExactly(204);
    }

    private WebhookDelivery onlyDelivery(String ruleId) {
        Optional<AlertIncident> incident = store.alerts().listIncidents(PROJECT, 0, Long.MAX_VALUE, 0, 100).stream()
                .filter(candidate -> candidate.ruleId().equals(ruleId)).findFirst();
        assertThat(incident).as("the rule's incident").isPresent();
        List<WebhookDelivery> deliveries = store.alerts().listDeliveries(PROJECT, incident.get().incidentId());
        assertThat(deliveries).hasSize(1);
        return deliveries.getFirst();
    }

    private AlertScheduler scheduler(PlaytraceStore on) {
        WebhookDispatcher dispatcher = dispatcher(on);
        QueryService queries = queries(on);
        AlertEngine engine = new AlertEngine(on.alerts(), queries, new AlertRuleJson(MetricCatalog.standard()),
                new RuleEvaluator(queries, MetricCatalog.standard()), dispatcher);
        return new AlertScheduler(engine, dispatcher, clock);
    }

    private WebhookDispatcher dispatcher(PlaytraceStore on) {
        return new WebhookDispatcher(on.alerts(), new AlertRuleJson(MetricCatalog.standard()), secret -> secret, clock,
                PATIENT_REQUEST_TIMEOUT);
    }

    private QueryService queries(PlaytraceStore on) {
        return new QueryEngine(on.views(), clock);
    }

    private PlaytraceStore openStore() {
        return PlaytraceStores.open("duckdb:" + dataDir.resolve("playtrace.duckdb"));
    }

    private String webhook(String path) {
        return ", \"webhooks\": [{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + path
                + "\", \"secret\": \"whsec_test\"}]";
    }

    /** Checks the condition until it holds; fails after {@link #WAIT}. */
    static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Rules saved straight into the store, as the API does. */
    private static final class SimulatedRules {
        final AlertRuleJson json = new AlertRuleJson(MetricCatalog.standard());
        private final PlaytraceStore store;
        private final MutableClock clock;

        SimulatedRules(PlaytraceStore store, MutableClock clock) {
            this.store = store;
            this.clock = clock;
        }

        String add(String body) {
            AlertRuleDefinition definition = json.parse(SimulatedAlerting.parse(body), (url, given) -> given);
            String id = "rule_" + AlertEngine.randomHex();
            store.alerts().saveRule(new dev.playtrace.store.spi.AlertRule(PROJECT, id, definition.name(), true,
                    new String(dev.playtrace.server.http.Json.bytes(json.stored(definition)),
                            java.nio.charset.StandardCharsets.UTF_8), clock.millis(), clock.millis()));
            return id;
        }
    }
}
