package dev.playtrace.server.alerts;

import dev.playtrace.query.QueryService;
import dev.playtrace.query.catalog.MetricCatalog;
import dev.playtrace.server.SecretBox;
import dev.playtrace.model.Project;
import dev.playtrace.server.http.RouteHandlers;
import dev.playtrace.store.spi.AlertRepository;

import java.time.Clock;

/**
 * Wires alerting for the composition root: rule parsing, the evaluator on the query engine, incidents, webhooks,
 * the scheduler and the API.
 */
public final class Alerts {
    private final AlertScheduler scheduler;
    private final AlertsApi api;

    public Alerts(AlertRepository alerts, QueryService queries, Clock clock, SecretBox secrets,
            RouteHandlers<Project> readHandlers, RouteHandlers<Project> writeHandlers) {
        MetricCatalog catalog = MetricCatalog.standard();
        AlertRuleJson rules = new AlertRuleJson(catalog);
        WebhookDispatcher webhooks = new WebhookDispatcher(alerts, rules, secrets::decrypt, clock);
        AlertEngine engine = new AlertEngine(alerts, queries, rules, new RuleEvaluator(queries, catalog), webhooks);
        this.scheduler = new AlertScheduler(engine, webhooks, clock);
        this.api = new AlertsApi(alerts, rules, engine, secrets::encrypt, clock, readHandlers, writeHandlers);
    }

    public AlertScheduler scheduler() {
        return scheduler;
    }

    public AlertsApi api() {
        return api;
    }
}
