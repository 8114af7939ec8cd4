package dev.playtrace.server.alerts;

import com.sun.net.httpserver.HttpServer;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.store.spi.AlertRule;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.WebhookAttempt;
import dev.playtrace.store.spi.WebhookDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks against a real HTTP receiver on localhost: the receiver checks each signature with its own HMAC, and
 * answers with the statuses the test queues; retries follow the backoff on the test's clock, every attempt is kept.
 */
class WebhookDeliveryTest {
    private static final String SECRET = "whsec_test_secret";
    private static final String PROJECT = "p1";
    private static final Instant T0 = Instant.parse("2026-11-18T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private PlaytraceStore store;
    private HttpServer receiver;
    private WebhookDispatcher dispatcher;
    private AlertRuleJson rules;

    private record Received(String signature, String event, String delivery, String body, long receivedAtMs) {
    }

    @BeforeEach
    void start() throws IOException {
        store = PlaytraceStores.open("duckdb::memory:");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("Playtrace-Signature"),
                    exchange.getRequestHeaders().getFirst("Playtrace-Event"),
                    exchange.getRequestHeaders().getFirst("Playtrace-Delivery"), body, clock.millis()));
            Integer status;
            synchronized (statuses) {
                status = statuses.isEmpty() ? 200 : statuses.poll();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        rules = new AlertRuleJson(MetricCatalog.standard());
        dispatcher = new WebhookDispatcher(store.alerts(), rules, stored -> stored, clock);
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        store.close();
    }

    @Test
    void aRefusedMessageIsRetriedAfterTheBackoffAndEveryAttemptIsSignedAndRecorded() {
        statuses.add(503);
        AlertRuleDefinition rule = saveRule("rule_1");
        dispatcher.enqueue(PROJECT, "rule_1", "inc_1", "incident.opened", message(), rule.webhooks(), clock.millis());

        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(dispatcher.deliverDue()).as("not due again before the backoff").isZero();
        clock.advance(Duration.ofMillis(WebhookDispatcher.FIRST_RETRY_MS - 1));
        assertThat(dispatcher.deliverDue()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(dispatcher.deliverDue()).isEqualTo(1);

        assertThat(received).hasSize(2);
        for (Received message : received) {
            assertThat(message.event()).isEqualTo("incident.opened");
            assertThat(independentlyVerified(message)).as(message.signature()).isTrue();
        }
        assertThat(received.get(0).delivery()).isEqualTo(received.get(1).delivery());
        assertThat(received.get(0).body()).isEqualTo(received.get(1).body()).contains("\"peak_value\":20.5");
        assertThat(received.get(1).signature()).startsWith("t=" + (T0.getEpochSecond() + 30) + ",v1=");

        WebhookDelivery delivery = store.alerts().listDeliveries(PROJECT, "inc_1").getFirst();
        assertThat(delivery.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
        assertThat(store.alerts().listAttempts(delivery.deliveryId())).extracting(WebhookAttempt::statusCode,
                WebhookAttempt::attemptedAtMs).containsExactly(
                org.assertj.core.groups.Tuple.tuple(503, T0.toEpochMilli()),
                org.assertj.core.groups.Tuple.tuple(200, T0.toEpochMilli() + 30_000));
    }

    @Test
    void aReceiverThatKeepsFailingGetsExponentiallySpacedAttemptsUntilTheDeliveryFails() {
        for (int i = 0; i < WebhookDispatcher.MAX_ATTEMPTS; i++) {
            statuses.add(500);
        }
        AlertRuleDefinition rule = saveRule("rule_1");
        dispatcher.enqueue(PROJECT, "rule_1", "inc_1", "incident.resolved", message(), rule.webhooks(), clock.millis());

        for (int attempt = 1; attempt <= WebhookDispatcher.MAX_ATTEMPTS; attempt++) {
            assertThat(dispatcher.deliverDue()).as("attempt " + attempt).isEqualTo(1);
            clock.advance(Duration.ofMillis(WebhookDispatcher.backoffMs(attempt)));
        }
        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.deliverDue()).as("no attempt after the last").isZero();

        WebhookDelivery delivery = store.alerts().listDeliveries(PROJECT, "inc_1").getFirst();
        assertThat(delivery.status()).isEqualTo(WebhookDelivery.Status.FAILED);
        List<Long> times = store.alerts().listAttempts(delivery.deliveryId()).stream()
                .map(WebhookAttempt::attemptedAtMs).toList();
        assertThat(times).hasSize(WebhookDispatcher.MAX_ATTEMPTS);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).isEqualTo(30_000L << (i - 1));
        }
        assertThat(received).allSatisfy(message -> assertThat(independentlyVerified(message)).isTrue());
    }

    @Test
    void aDeliveryListedBeforeAnotherSendersAttemptWasRecordedIsNotSentAgain() {
        statuses.add(503);
        AlertRuleDefinition rule = saveRule("rule_1");
        dispatcher.enqueue(PROJECT, "rule_1", "inc_1", "incident.opened", message(), rule.webhooks(), clock.millis());
        WebhookDelivery listedFirst = dispatcher.dueNow().getFirst();

        assertThat(dispatcher.attemptIfStillDue(listedFirst)).isTrue();
        assertThat(dispatcher.attemptIfStillDue(listedFirst)).as("refused, and waiting for its backoff").isFalse();
        clock.advance(Duration.ofMillis(WebhookDispatcher.FIRST_RETRY_MS));
        assertThat(dispatcher.attemptIfStillDue(listedFirst)).as("listed before the first attempt").isFalse();
        WebhookDelivery listedForRetry = dispatcher.dueNow().getFirst();
        assertThat(dispatcher.attemptIfStillDue(listedForRetry)).isTrue();
        assertThat(dispatcher.attemptIfStillDue(listedForRetry)).as("delivered").isFalse();

        assertThat(received).hasSize(2);
        assertThat(store.alerts().listAttempts(listedFirst.deliveryId())).extracting(WebhookAttempt::statusCode)
                .containsExactly(503, 200);
    }

    @Test
    void aSignatureFailsForAnotherBodyAnotherSecretOrAnOldTimestamp() {
        long now = T0.getEpochSecond();
        String header = WebhookSignature.header(SECRET, now, "{\"a\":1}");

        assertThat(WebhookSignature.verify(SECRET, header, "{\"a\":1}", now, 300)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, "{\"a\":2}", now, 300)).as("tampered body").isFalse();
        assertThat(WebhookSignature.verify("other", header, "{\"a\":1}", now, 300)).as("wrong secret").isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, "{\"a\":1}", now + 301, 300)).as("replayed late").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "v1=abc", "{\"a\":1}", now, 300)).as("no timestamp").isFalse();
    }

    @Test
    void aDeliveryWhoseRuleWasDeletedIsSignedWithTheSecretItWasCreatedWith() {
        AlertRuleDefinition rule = saveRule("rule_1");
        dispatcher.enqueue(PROJECT, "rule_1", "inc_1", "incident.resolved", message(), rule.webhooks(), clock.millis());
        store.alerts().deleteRule(PROJECT, "rule_1");

        assertThat(dispatcher.deliverDue()).isEqualTo(1);

        assertThat(received).hasSize(1);
        assertThat(independentlyVerified(received.getFirst())).isTrue();
        assertThat(store.alerts().listDeliveries(PROJECT, "inc_1").getFirst().status())
                .isEqualTo(WebhookDelivery.Status.DELIVERED);
    }

    @Test
    void aDeliveryWhoseWebhookWasRemovedFromItsRuleFailsWithoutSending() {
        AlertRuleDefinition rule = saveRule("rule_1");
        dispatcher.enqueue(PROJECT, "rule_1", "inc_1", "incident.opened", message(), rule.webhooks(), clock.millis());
        AlertRuleDefinition withoutWebhooks = rules.parse(SimulatedAlerting.parse("""
                {"name": "VSF", "metric": "video_startup_failure_percentage",
                 "condition": {"type": "threshold", "direction": "above", "value": 5}}"""), (u, given) -> given);
        store.alerts().saveRule(new AlertRule(PROJECT, "rule_1", withoutWebhooks.name(), true,
                new String(Json.bytes(rules.stored(withoutWebhooks)), StandardCharsets.UTF_8), clock.millis(),
                clock.millis()));

        dispatcher.deliverDue();

        assertThat(received).isEmpty();
        WebhookDelivery delivery = store.alerts().listDeliveries(PROJECT, "inc_1").getFirst();
        assertThat(delivery.status()).isEqualTo(WebhookDelivery.Status.FAILED);
        assertThat(store.alerts().listAttempts(delivery.deliveryId()).getFirst().error()).contains("removed");
    }

    /** The receiver's own check: HMAC-SHA256 over "t.body" with the shared secret, and a timestamp fresh on receipt. */
    private boolean independentlyVerified(Received message) throws IllegalStateException {
        String[] parts = message.signature().split(",");
        long timestamp = Long.parseLong(parts[0].substring(2));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + message.body())
                    .getBytes(StandardCharsets.UTF_8)));
            return parts[1].equals("v1=" + expected) && Math.abs(message.receivedAtMs() / 1000 - timestamp) <= 300;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private AlertRuleDefinition saveRule(String ruleId) {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        AlertRuleDefinition rule = rules.parse(SimulatedAlerting.parse("""
                {"name": "VSF", "metric": "video_startup_failure_percentage",
                 "condition": {"type": "threshold", "direction": "above", "value": 5},
                 "webhooks": [{"url": "%s", "secret": "%s"}]}""".formatted(url, SECRET)), (u, given) -> given);
        store.alerts().saveRule(new AlertRule(PROJECT, ruleId, rule.name(), true,
                new String(Json.bytes(rules.stored(rule)), StandardCharsets.UTF_8), clock.millis(), clock.millis()));
        return rule;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode message() {
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
        body.put("event", "incident.opened");
        body.putObject("incident").put("peak_value", 20.5);
        return body;
    }
}
