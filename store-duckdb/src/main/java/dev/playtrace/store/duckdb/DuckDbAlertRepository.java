package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.AlertIncident;
import dev.playtrace.store.spi.AlertRepository;
import dev.playtrace.store.spi.AlertRule;
import dev.playtrace.store.spi.WebhookAttempt;
import dev.playtrace.store.spi.WebhookDelivery;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The embedded store's {@link AlertRepository}: the alert tables of the store's database ({@link AlertTables}). */
final class DuckDbAlertRepository implements AlertRepository {
    private final DuckDbConnections connections;
    private final AlertTables tables = new AlertTables();

    DuckDbAlertRepository(DuckDbConnections connections) {
        this.connections = requireNonNull(connections, "connections is null");
    }

    @Override
    public void saveRule(AlertRule rule) {
        connections.write(writer -> {
            tables.saveRule(writer, rule);
            return null;
        });
    }

    @Override
    public Optional<AlertRule> findRule(String projectId, String ruleId) {
        return connections.read(reader -> tables.findRule(reader, projectId, ruleId));
    }

    @Override
    public List<AlertRule> listRules(String projectId) {
        return connections.read(reader -> tables.listRules(reader, projectId));
    }

    @Override
    public List<AlertRule> listEnabledRules() {
        return connections.read(tables::listEnabledRules);
    }

    @Override
    public boolean deleteRule(String projectId, String ruleId) {
        return connections.write(writer -> tables.deleteRule(writer, projectId, ruleId));
    }

    @Override
    public boolean openIncident(AlertIncident incident) {
        if (incident.status() != AlertIncident.Status.OPEN) {
            throw new IllegalArgumentException("an incident opens with status OPEN");
        }
        return connections.write(writer -> tables.openIncident(writer, incident));
    }

    @Override
    public boolean updateIncident(AlertIncident incident) {
        return connections.write(writer -> tables.updateIncident(writer, incident));
    }

    @Override
    public Optional<AlertIncident> findIncident(String projectId, String incidentId) {
        return connections.read(reader -> tables.findIncident(reader, projectId, incidentId));
    }

    @Override
    public Optional<AlertIncident> findOpenIncident(String projectId, String ruleId) {
        return connections.read(reader -> tables.findOpenIncident(reader, projectId, ruleId));
    }

    @Override
    public List<AlertIncident> listIncidents(String projectId, long fromMs, long toMs, long offset, int limit) {
        return connections.read(reader -> tables.listIncidents(reader, projectId, fromMs, toMs, offset, limit));
    }

    @Override
    public long countIncidents(String projectId, long fromMs, long toMs) {
        return connections.read(reader -> tables.countIncidents(reader, projectId, fromMs, toMs));
    }

    @Override
    public void saveDelivery(WebhookDelivery delivery) {
        connections.write(writer -> {
            tables.saveDelivery(writer, delivery);
            return null;
        });
    }

    @Override
    public List<WebhookDelivery> listDueDeliveries(long nowMs, int limit) {
        return connections.read(reader -> tables.listDueDeliveries(reader, nowMs, limit));
    }

    @Override
    public List<WebhookDelivery> listDeliveries(String projectId, String incidentId) {
        return connections.read(reader -> tables.listDeliveries(reader, projectId, incidentId));
    }

    @Override
    public Optional<WebhookDelivery> findDelivery(String projectId, String deliveryId) {
        return connections.read(reader -> tables.findDelivery(reader, projectId, deliveryId));
    }

    @Override
    public void recordAttempt(WebhookDelivery updated, WebhookAttempt attempt) {
        connections.write(writer -> {
            tables.recordAttempt(writer, updated, attempt);
            return null;
        });
    }

    @Override
    public List<WebhookAttempt> listAttempts(String deliveryId) {
        return connections.read(reader -> tables.listAttempts(reader, deliveryId));
    }
}
