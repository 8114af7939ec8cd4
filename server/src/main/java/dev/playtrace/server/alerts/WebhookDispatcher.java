package dev.playtrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playtrace.server.alerts.AlertRuleDefinition.Webhook;
import dev.playtrace.store.spi.AlertRepository;
import dev.playtrace.store.spi.AlertRule;
import dev.playtrace.store.spi.WebhookAttempt;
import dev.playtrace.store.spi.WebhookDelivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Delivers incident messages to a rule's webhooks: each message is stored as a {@link WebhookDelivery} first, then
 * POSTed signed ({@link WebhookSignature}); a 2xx delivers it, anything else is retried with exponential backoff
 * (30 s, 1, 2, 4, 8 minutes) until {@value #MAX_ATTEMPTS} attempts failed. Every attempt is recorded. The server
 * sends on {@link WebhookDeliveryWorkers}, never on the thread that evaluates rules.
 */
public final class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    static final int MAX_ATTEMPTS = 6;
    static final long FIRST_RETRY_MS = 30_000;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int DUE_PER_RUN = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AlertRepository alerts;
    private final AlertRuleJson rules;
    private final Function<String, String> revealSecret;
    private final Clock clock;
    private final Duration requestTimeout;
    private final HttpClient http;

    /** @param revealSecret turns a stored webhook secret into the secret */
    public WebhookDispatcher(AlertRepository alerts, AlertRuleJson rules, Function<String, String> revealSecret,
            Clock clock) {
        this(alerts, rules, revealSecret, clock, REQUEST_TIMEOUT);
    }

    WebhookDispatcher(AlertRepository alerts, AlertRuleJson rules, Function<String, String> revealSecret, Clock clock,
            Duration requestTimeout) {
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.revealSecret = requireNonNull(revealSecret, "revealSecret is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Stores one delivery per webhook of the rule, due now. */
    public void enqueue(String projectId, String ruleId, String incidentId, String event, JsonNode payload,
            List<Webhook> webhooks, long nowMs) {
        String body = new String(dev.playtrace.server.http.Json.bytes(payload), StandardCharsets.UTF_8);
        for (Webhook hook : webhooks) {
            alerts.saveDelivery(new WebhookDelivery(projectId, "whd_" + HexFormat.of().formatHex(randomBytes()), ruleId,
                    incidentId, hook.url(), hook.storedSecret(), event, body, WebhookDelivery.Status.PENDING, 0, nowMs,
                    nowMs));
        }
    }

    /** Attempts every delivery due now, one after the other on the calling thread; returns how many. */
    int deliverDue() {
        List<WebhookDelivery> due = dueNow();
        for (WebhookDelivery delivery : due) {
            attempt(delivery);
        }
        return due.size();
    }

    /** The pending deliveries due now, earliest first (at most {@value #DUE_PER_RUN}). */
    List<WebhookDelivery> dueNow() {
        return alerts.listDueDeliveries(clock.millis(), DUE_PER_RUN);
    }

    /** The wait before attempt {@code attempt + 1} after attempt {@code attempt} failed. */
    static long backoffMs(int attempt) {
        return FIRST_RETRY_MS << Math.min(attempt - 1, 10);
    }

    /**
     * Attempts the delivery if the store still has it due as {@code listed} saw it: pending, after the same number
     * of attempts. A list of due deliveries can be read just before another sender records its attempt; without
     * this check the message would be sent twice. Callers must not attempt one delivery on two threads at once.
     *
     * @return true when it was attempted
     */
    boolean attemptIfStillDue(WebhookDelivery listed) {
        Optional<WebhookDelivery> stored = alerts.findDelivery(listed.projectId(), listed.deliveryId());
        boolean due = stored.isPresent() && stored.get().status() == WebhookDelivery.Status.PENDING
                && stored.get().attempts() == listed.attempts() && stored.get().nextAttemptAtMs() <= clock.millis();
        if (due) {
            attempt(stored.get());
        }
        return due;
    }

    /** One attempt: sends the delivery and records the attempt and the delivery's next state. */
    void attempt(WebhookDelivery delivery) {
        long startedMs = clock.millis();
        long startNanos = System.nanoTime();
        Integer status = null;
        String error;
        Optional<String> secret = secretOf(delivery);
        if (secret.isEmpty()) {
            error = "this webhook was removed from its rule (or the rule, before deliveries kept their secret)";
        } else {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                        .timeout(requestTimeout)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "Playtrace-Webhooks/1")
                        .header("Playtrace-Event", delivery.event())
                        .header("Playtrace-Delivery", delivery.deliveryId())
                        .header(WebhookSignature.HEADER,
                                WebhookSignature.header(secret.get(), startedMs / 1000, delivery.payloadJson()))
                        .POST(HttpRequest.BodyPublishers.ofString(delivery.payloadJson(), StandardCharsets.UTF_8))
                        .build();
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
                error = status / 100 == 2 ? null : "HTTP " + status;
            } catch (IOException | IllegalArgumentException e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        int attempt = delivery.attempts() + 1;
        WebhookDelivery.Status next = error == null ? WebhookDelivery.Status.DELIVERED
                : attempt >= MAX_ATTEMPTS || secret.isEmpty() ? WebhookDelivery.Status.FAILED
                : WebhookDelivery.Status.PENDING;
        long nextAttemptAtMs = next == WebhookDelivery.Status.PENDING ? startedMs + backoffMs(attempt) : startedMs;
        alerts.recordAttempt(delivery.after(next, nextAttemptAtMs), new WebhookAttempt(delivery.deliveryId(), attempt,
                startedMs, status, error, (System.nanoTime() - startNanos) / 1_000_000));
        if (error != null) {
            LOG.info("webhook " + delivery.deliveryId() + " attempt " + attempt + " to " + delivery.url() + ": " + error);
        }
    }

    /**
     * The webhook's current secret while its rule has it (a secret replaced since applies to retries); the secret the
     * message was created with once the rule is deleted; none when the rule still exists without this webhook.
     */
    private Optional<String> secretOf(WebhookDelivery delivery) {
        Optional<AlertRule> rule = alerts.findRule(delivery.projectId(), delivery.ruleId());
        Optional<String> stored = rule.isEmpty() ? Optional.ofNullable(delivery.storedSecret())
                : rules.parse(readTree(rule.get().definitionJson()), (url, given) -> given).webhooks().stream()
                        .filter(hook -> hook.url().equals(delivery.url())).findFirst().map(Webhook::storedSecret);
        return stored.map(revealSecret);
    }

    static JsonNode readTree(String json) {
        try {
            return dev.playtrace.server.http.Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored alert document is not JSON", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
