package dev.playtrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.server.http.Json;
import dev.playtrace.server.http.RouteHandlers;
import dev.playtrace.server.http.RequestParameters;
import dev.playtrace.store.spi.AlertIncident;
import dev.playtrace.store.spi.AlertRepository;
import dev.playtrace.store.spi.AlertRule;
import dev.playtrace.store.spi.WebhookAttempt;
import dev.playtrace.store.spi.WebhookDelivery;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * {@code /data/v1/alerts}: rules (list, create, show, replace, delete) and incidents (list, show with attribution
 * and webhook deliveries). Disabling or deleting a rule resolves its open incident ({@code resolved_reason}
 * {@code rule_disabled} or {@code rule_deleted}) and sends the resolution to its webhooks. Reads take any API
 * token of the project, writes an admin token; a project sees only its own rules and incidents.
 */
public final class AlertsApi {
    private static final String PREFIX = "/data/v1/alerts";
    private static final long DEFAULT_INCIDENT_SPAN_MS = 7 * 86_400_000L;
    private static final int MAX_LIMIT = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AlertRepository alerts;
    private final AlertRuleJson rules;
    private final AlertEngine engine;
    private final UnaryOperator<String> encryptSecret;
    private final Clock clock;
    private final RouteHandlers<Project> readHandlers;
    private final RouteHandlers<Project> writeHandlers;

    public AlertsApi(AlertRepository alerts, AlertRuleJson rules, AlertEngine engine,
            UnaryOperator<String> encryptSecret, Clock clock, RouteHandlers<Project> readHandlers,
            RouteHandlers<Project> writeHandlers) {
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.encryptSecret = requireNonNull(encryptSecret, "encryptSecret is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.readHandlers = requireNonNull(readHandlers, "readHandlers is null");
        this.writeHandlers = requireNonNull(writeHandlers, "writeHandlers is null");
    }

    public void register(HttpRouting.Builder routing) {
        routing.get(PREFIX + "/rules", readHandlers.handler("GET " + PREFIX + "/rules", this::listRules));
        routing.post(PREFIX + "/rules", writeHandlers.handler("POST " + PREFIX + "/rules", this::createRule));
        routing.get(PREFIX + "/rules/{id}", readHandlers.handler("GET " + PREFIX + "/rules/{id}", this::showRule));
        routing.put(PREFIX + "/rules/{id}", writeHandlers.handler("PUT " + PREFIX + "/rules/{id}", this::replaceRule));
        routing.delete(PREFIX + "/rules/{id}", writeHandlers.handler("DELETE " + PREFIX + "/rules/{id}", this::deleteRule));
        routing.get(PREFIX + "/incidents", readHandlers.handler("GET " + PREFIX + "/incidents", this::listIncidents));
        routing.get(PREFIX + "/incidents/{id}", readHandlers.handler("GET " + PREFIX + "/incidents/{id}", this::showIncident));
    }

    private JsonNode listRules(Project project, RequestParameters parameters, ServerRequest request) {
        ArrayNode data = Json.array();
        for (AlertRule rule : alerts.listRules(project.id())) {
            data.add(ruleJson(rule, Map.of()));
        }
        ObjectNode body = Json.object();
        body.set("data", data);
        body.put("total_row_count", data.size());
        return body;
    }

    private JsonNode createRule(Project project, RequestParameters parameters, ServerRequest request) {
        Map<String, String> newSecrets = new HashMap<>();
        AlertRuleDefinition definition = rules.parse(body(request), (url, given) -> {
            String secret = given != null ? given : newSecret();
            newSecrets.put(url, secret);
            return encryptSecret.apply(secret);
        });
        long nowMs = clock.millis();
        AlertRule rule = new AlertRule(project.id(), "rule_" + AlertEngine.randomHex(), definition.name(),
                definition.enabled(), text(rules.stored(definition)), nowMs, nowMs);
        alerts.saveRule(rule);
        return data(ruleJson(rule, newSecrets));
    }

    private JsonNode showRule(Project project, RequestParameters parameters, ServerRequest request) {
        return data(ruleJson(rule(project, request), Map.of()));
    }

    /** Replaces the definition; a webhook given without a secret keeps the secret it had under the same url. */
    private JsonNode replaceRule(Project project, RequestParameters parameters, ServerRequest request) {
        AlertRule existing = rule(project, request);
        Map<String, String> previous = new HashMap<>();
        definition(existing).webhooks().forEach(hook -> previous.put(hook.url(), hook.storedSecret()));
        Map<String, String> newSecrets = new HashMap<>();
        AlertRuleDefinition definition = rules.parse(body(request), (url, given) -> {
            if (given == null && previous.containsKey(url)) {
                return previous.get(url);
            }
            String secret = given != null ? given : newSecret();
            newSecrets.put(url, secret);
            return encryptSecret.apply(secret);
        });
        long nowMs = clock.millis();
        AlertRule rule = new AlertRule(project.id(), existing.ruleId(), definition.name(), definition.enabled(),
                text(rules.stored(definition)), existing.createdAtMs(), nowMs);
        alerts.saveRule(rule);
        if (!rule.enabled()) {
            engine.resolveWithoutEvaluation(project.id(), rule.ruleId(), definition, AlertEngine.RESOLVED_BY_DISABLING,
                    nowMs);
        }
        return data(ruleJson(rule, newSecrets));
    }

    private JsonNode deleteRule(Project project, RequestParameters parameters, ServerRequest request) {
        AlertRule rule = rule(project, request);
        alerts.deleteRule(project.id(), rule.ruleId());
        engine.resolveWithoutEvaluation(project.id(), rule.ruleId(), definition(rule), AlertEngine.RESOLVED_BY_DELETION,
                clock.millis());
        ObjectNode data = Json.object();
        data.put("id", rule.ruleId());
        data.put("deleted", true);
        return data(data);
    }

    private JsonNode listIncidents(Project project, RequestParameters parameters, ServerRequest request) {
        long toMs = parameters.first("to").map(AlertsApi::epochSecondsMs).orElse(clock.millis() + 1);
        long fromMs = parameters.first("from").map(AlertsApi::epochSecondsMs).orElse(toMs - DEFAULT_INCIDENT_SPAN_MS);
        int limit = parameters.first("limit").map(AlertsApi::positive).orElse(25);
        int page = parameters.first("page").map(AlertsApi::positive).orElse(1);
        if (limit > MAX_LIMIT) {
            throw AlertRuleJson.invalid("limit must be at most " + MAX_LIMIT);
        }
        ArrayNode data = Json.array();
        for (AlertIncident incident : alerts.listIncidents(project.id(), fromMs, toMs, (long) (page - 1) * limit, limit)) {
            ObjectNode item = AlertEngine.incidentJson(incident);
            item.remove("attribution");
            data.add(item);
        }
        ObjectNode body = Json.object();
        body.set("data", data);
        body.put("total_row_count", alerts.countIncidents(project.id(), fromMs, toMs));
        ObjectNode timeframe = body.putObject("timeframe");
        timeframe.put("from", AlertEngine.iso(fromMs));
        timeframe.put("to", AlertEngine.iso(toMs));
        return body;
    }

    private JsonNode showIncident(Project project, RequestParameters parameters, ServerRequest request) {
        String id = request.path().pathParameters().get("id");
        AlertIncident incident = alerts.findIncident(project.id(), id)
                .orElseThrow(() -> new PlaytraceException(ErrorCode.NOT_FOUND, "no incident " + id + " in this project"));
        ObjectNode data = AlertEngine.incidentJson(incident);
        ArrayNode deliveries = data.putArray("deliveries");
        for (WebhookDelivery delivery : alerts.listDeliveries(project.id(), incident.incidentId())) {
            ObjectNode item = deliveries.addObject();
            item.put("id", delivery.deliveryId());
            item.put("event", delivery.event());
            item.put("url", delivery.url());
            item.put("status", delivery.status().name().toLowerCase(java.util.Locale.ROOT));
            item.put("created_at", AlertEngine.iso(delivery.createdAtMs()));
            item.put("next_attempt_at", delivery.status() == WebhookDelivery.Status.PENDING
                    ? AlertEngine.iso(delivery.nextAttemptAtMs()) : null);
            ArrayNode attempts = item.putArray("attempts");
            for (WebhookAttempt attempt : alerts.listAttempts(delivery.deliveryId())) {
                ObjectNode a = attempts.addObject();
                a.put("attempt", attempt.attempt());
                a.put("at", AlertEngine.iso(attempt.attemptedAtMs()));
                a.put("status_code", attempt.statusCode());
                a.put("error", attempt.error());
                a.put("duration_ms", attempt.durationMs());
            }
        }
        return data(data);
    }

    private AlertRule rule(Project project, ServerRequest request) {
        String id = request.path().pathParameters().get("id");
        return alerts.findRule(project.id(), id)
                .orElseThrow(() -> new PlaytraceException(ErrorCode.NOT_FOUND, "no rule " + id + " in this project"));
    }

    private AlertRuleDefinition definition(AlertRule rule) {
        return rules.parse(WebhookDispatcher.readTree(rule.definitionJson()), (url, given) -> given);
    }

    /** A rule as the API shows it; {@code newSecrets} (url to secret) are shown once, when they were set. */
    private ObjectNode ruleJson(AlertRule rule, Map<String, String> newSecrets) {
        AlertRuleDefinition definition = definition(rule);
        ObjectNode item = Json.object();
        item.put("id", rule.ruleId());
        item.setAll(rules.shown(definition));
        for (JsonNode hook : item.path("webhooks")) {
            Optional.ofNullable(newSecrets.get(hook.path("url").asText()))
                    .ifPresent(secret -> ((ObjectNode) hook).put("secret", secret));
        }
        item.put("created_at", AlertEngine.iso(rule.createdAtMs()));
        item.put("updated_at", AlertEngine.iso(rule.updatedAtMs()));
        return item;
    }

    private static JsonNode body(ServerRequest request) {
        String text = request.content().hasEntity() ? request.content().as(String.class) : "";
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw AlertRuleJson.invalid("the body is not valid JSON: " + e.getMessage());
        }
    }

    private static ObjectNode data(JsonNode value) {
        ObjectNode body = Json.object();
        body.set("data", value);
        return body;
    }

    private static String text(JsonNode node) {
        return new String(Json.bytes(node), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static long epochSecondsMs(String text) {
        try {
            return Long.parseLong(text.trim()) * 1000;
        } catch (NumberFormatException e) {
            throw AlertRuleJson.invalid("from and to are epoch seconds; got '" + text + "'");
        }
    }

    private static int positive(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw AlertRuleJson.invalid("limit and page must be at least 1");
            }
            return value;
        } catch (NumberFormatException e) {
            throw AlertRuleJson.invalid("limit and page must be whole numbers; got '" + text + "'");
        }
    }
}
