package dev.playtrace.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.MetricRequest;
import dev.playtrace.query.Query;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.ResultRow;
import dev.playtrace.server.alerts.AlertRuleDefinition.Anomaly;
import dev.playtrace.server.alerts.AlertRuleDefinition.Direction;
import dev.playtrace.server.alerts.AlertRuleDefinition.Threshold;
import dev.playtrace.server.alerts.RuleEvaluator.Evaluation;
import dev.playtrace.server.alerts.RuleEvaluator.Verdict;
import dev.playtrace.server.http.Json;
import dev.playtrace.store.spi.AlertIncident;
import dev.playtrace.store.spi.AlertRepository;
import dev.playtrace.store.spi.AlertRule;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Runs every enabled rule at one instant and keeps its incident: opens one (with attribution) when the rule fires
 * and none is open, updates current value, peak and affected views while it is open, and resolves it after the
 * rule's {@code resolve_after} consecutive clear evaluations (hysteresis: a value between the firing and the
 * resolution level neither opens nor resolves). Opening and resolving enqueue webhook messages.
 */
public final class AlertEngine {
    private static final Logger LOG = Logger.getLogger(AlertEngine.class.getName());
    /** The attribution compares the window with this long a period before the incident's first window. */
    static final long ATTRIBUTION_BASELINE_MS = 3_600_000L;
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String RESOLVED_BY_RECOVERY = "recovered";
    static final String RESOLVED_BY_DISABLING = "rule_disabled";
    static final String RESOLVED_BY_DELETION = "rule_deleted";

    private final AlertRepository alerts;
    private final QueryService queries;
    private final AlertRuleJson rules;
    private final RuleEvaluator evaluator;
    private final Attribution attribution;
    private final WebhookDispatcher webhooks;

    public AlertEngine(AlertRepository alerts, QueryService queries, AlertRuleJson rules, RuleEvaluator evaluator,
            WebhookDispatcher webhooks) {
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
        this.attribution = new Attribution(queries);
        this.webhooks = requireNonNull(webhooks, "webhooks is null");
    }

    /** Evaluates every enabled rule of every project at {@code atMs}; a failing rule is logged and skipped. */
    public void evaluateAll(long atMs) {
        for (AlertRule listed : alerts.listEnabledRules()) {
            try {
                synchronized (this) {
                    // read again: the rule may have been disabled or deleted (and its incident resolved) meanwhile
                    Optional<AlertRule> current = alerts.findRule(listed.projectId(), listed.ruleId())
                            .filter(AlertRule::enabled);
                    if (current.isPresent()) {
                        evaluate(current.get(), atMs);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "alert rule " + listed.ruleId() + " of " + listed.projectId() + " failed", e);
            }
        }
    }

    /**
     * Resolves the rule's open incident, if it has one, because the rule stopped being evaluated: {@code reason} is
     * {@code rule_disabled} or {@code rule_deleted}. Call it after storing the change; the resolution is sent to
     * {@code rule}'s webhooks. An evaluation running meanwhile finishes first, and none starts on the old rule after.
     */
    public synchronized void resolveWithoutEvaluation(String projectId, String ruleId, AlertRuleDefinition rule,
            String reason, long atMs) {
        Optional<AlertIncident> open = alerts.findOpenIncident(projectId, ruleId);
        if (open.isEmpty()) {
            return;
        }
        ObjectNode details = (ObjectNode) WebhookDispatcher.readTree(open.get().detailsJson());
        details.put("resolved_reason", reason);
        AlertIncident resolved = new AlertIncident(projectId, open.get().incidentId(), ruleId,
                AlertIncident.Status.RESOLVED, open.get().openedAtMs(), atMs, atMs, text(details));
        alerts.updateIncident(resolved);
        webhooks.enqueue(projectId, ruleId, resolved.incidentId(), "incident.resolved",
                message("incident.resolved", resolved), rule.webhooks(), atMs);
    }

    void evaluate(AlertRule stored, long atMs) {
        AlertRuleDefinition rule = rules.parse(WebhookDispatcher.readTree(stored.definitionJson()), (url, given) -> given);
        Optional<AlertIncident> open = alerts.findOpenIncident(stored.projectId(), stored.ruleId());
        if (open.isEmpty()) {
            Evaluation evaluation = evaluator.evaluate(stored.projectId(), rule, atMs);
            if (evaluation.verdict() == Verdict.FIRING) {
                open(stored, rule, evaluation, atMs);
            }
            return;
        }
        long incidentFromMs = WebhookDispatcher.readTree(open.get().detailsJson()).path("first_window_from_ms").asLong();
        update(stored, rule, open.get(), evaluator.evaluate(stored.projectId(), rule, atMs, incidentFromMs), atMs);
    }

    private void open(AlertRule stored, AlertRuleDefinition rule, Evaluation evaluation, long atMs) {
        ObjectNode details = Json.object();
        details.put("rule_name", rule.name());
        details.put("metric", rule.metricId());
        details.put("measurement", rule.measurement() == null ? null : rule.measurement().wireName());
        details.put("direction", direction(rule).name().toLowerCase(java.util.Locale.ROOT));
        details.put("first_window_from_ms", evaluation.window().fromMs());
        details.put("peak_value", evaluation.value());
        details.put("peak_at_ms", atMs);
        details.put("affected_views", evaluation.views());
        details.put("affected_viewers", evaluation.viewers());
        details.put("evaluations", 0);
        details.put("consecutive_clear", 0);
        record(details, evaluation);
        details.set("attribution", attribute(stored.projectId(), rule, evaluation.window()));
        AlertIncident incident = new AlertIncident(stored.projectId(), "inc_" + randomHex(), stored.ruleId(),
                AlertIncident.Status.OPEN, atMs, null, atMs, text(details));
        if (alerts.openIncident(incident)) {
            webhooks.enqueue(stored.projectId(), stored.ruleId(), incident.incidentId(), "incident.opened",
                    message("incident.opened", incident), rule.webhooks(), atMs);
        }
    }

    private void update(AlertRule stored, AlertRuleDefinition rule, AlertIncident incident, Evaluation evaluation,
            long atMs) {
        ObjectNode details = (ObjectNode) WebhookDispatcher.readTree(incident.detailsJson());
        record(details, evaluation);
        int clear = evaluation.verdict() == Verdict.CLEAR ? details.path("consecutive_clear").asInt() + 1 : 0;
        details.put("consecutive_clear", clear);
        double sign = direction(rule) == Direction.ABOVE ? 1 : -1;
        if (evaluation.value() != null && evaluation.verdict() == Verdict.FIRING
                && sign * (evaluation.value() - details.path("peak_value").asDouble()) > 0) {
            details.put("peak_value", evaluation.value());
            details.put("peak_at_ms", atMs);
            details.set("attribution", attribute(stored.projectId(), rule, evaluation.window(),
                    details.path("first_window_from_ms").asLong()));
        }
        long fromMs = details.path("first_window_from_ms").asLong();
        ResultRow affected = queries.run(Query.of(stored.projectId(), List.of(MetricRequest.of("unique_viewers")),
                new TimeRange(fromMs, atMs)).withFilters(rule.filters())).total();
        details.put("affected_views", affected.views());
        details.put("affected_viewers", affected.value() == null ? 0 : Math.round(affected.value()));
        boolean resolves = clear >= rule.resolveAfter();
        if (resolves) {
            details.put("resolved_reason", RESOLVED_BY_RECOVERY);
        }
        AlertIncident next = new AlertIncident(incident.projectId(), incident.incidentId(), incident.ruleId(),
                resolves ? AlertIncident.Status.RESOLVED : AlertIncident.Status.OPEN, incident.openedAtMs(),
                resolves ? atMs : null, atMs, text(details));
        alerts.updateIncident(next);
        if (resolves) {
            webhooks.enqueue(stored.projectId(), stored.ruleId(), incident.incidentId(), "incident.resolved",
                    message("incident.resolved", next), rule.webhooks(), atMs);
        }
    }

    private static void record(ObjectNode details, Evaluation evaluation) {
        details.put("evaluations", details.path("evaluations").asInt() + 1);
        details.put("current_value", evaluation.value());
        details.put("current_views", evaluation.views());
        details.put("current_viewers", evaluation.viewers());
        details.put("baseline_value", evaluation.baseline());
        details.put("score", evaluation.score());
        details.put("last_verdict", evaluation.verdict().name().toLowerCase(java.util.Locale.ROOT));
        details.put("reason", evaluation.reason());
        details.put("last_window_from_ms", evaluation.window().fromMs());
        details.put("last_window_to_ms", evaluation.window().toMs());
    }

    private JsonNode attribute(String projectId, AlertRuleDefinition rule, TimeRange window) {
        return attribute(projectId, rule, window, window.fromMs());
    }

    private JsonNode attribute(String projectId, AlertRuleDefinition rule, TimeRange window, long anchorMs) {
        Attribution.Result result = attribution.attribute(projectId, rule, direction(rule), window,
                new TimeRange(anchorMs - ATTRIBUTION_BASELINE_MS, anchorMs));
        ObjectNode node = Json.object();
        node.put("window_from", iso(result.window().fromMs()));
        node.put("window_to", iso(result.window().toMs()));
        node.put("baseline_from", iso(result.baseline().fromMs()));
        node.put("baseline_to", iso(result.baseline().toMs()));
        node.put("value_now", result.valueNow());
        node.put("value_before", result.valueBefore());
        node.set("slices", slices(result.slices()));
        node.set("combinations", slices(result.combinations()));
        return node;
    }

    private static ArrayNode slices(List<Attribution.Slice> slices) {
        ArrayNode array = Json.array();
        for (Attribution.Slice slice : slices) {
            ObjectNode item = array.addObject();
            item.put("dimension", slice.dimension().id());
            item.put("value", slice.value());
            if (slice.within() != null) {
                ObjectNode within = item.putObject("within");
                within.put("dimension", slice.within().dimension().id());
                within.put("value", slice.within().value());
            }
            item.put("value_now", slice.valueNow());
            item.put("value_before", slice.valueBefore());
            item.put("views_now", slice.viewsNow());
            item.put("views_before", slice.viewsBefore());
            item.put("views_share", slice.viewsShare());
            item.put("contribution", slice.contribution());
            item.put("explained_share", slice.explainedShare());
        }
        return array;
    }

    /** The message a webhook receives: the event and the incident as the API shows it. */
    static ObjectNode message(String event, AlertIncident incident) {
        ObjectNode body = Json.object();
        body.put("event", event);
        body.set("incident", incidentJson(incident));
        return body;
    }

    /** An incident as the API and webhooks show it. */
    public static ObjectNode incidentJson(AlertIncident incident) {
        ObjectNode node = Json.object();
        node.put("id", incident.incidentId());
        node.put("rule_id", incident.ruleId());
        node.put("status", incident.status().name().toLowerCase(java.util.Locale.ROOT));
        node.put("started_at", iso(incident.openedAtMs()));
        node.put("resolved_at", incident.resolvedAtMs() == null ? null : iso(incident.resolvedAtMs()));
        node.put("updated_at", iso(incident.updatedAtMs()));
        ObjectNode details = (ObjectNode) WebhookDispatcher.readTree(incident.detailsJson());
        node.put("peak_at", iso(details.path("peak_at_ms").asLong()));
        details.remove("peak_at_ms");
        node.put("first_window_from", iso(details.path("first_window_from_ms").asLong()));
        details.remove("first_window_from_ms");
        details.remove("last_window_from_ms");
        details.remove("last_window_to_ms");
        node.setAll(details);
        return node;
    }

    static Direction direction(AlertRuleDefinition rule) {
        return switch (rule.condition()) {
            case Threshold threshold -> threshold.direction();
            case Anomaly anomaly -> anomaly.direction();
        };
    }

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static String text(JsonNode node) {
        return new String(Json.bytes(node), StandardCharsets.UTF_8);
    }

    static String randomHex() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
