package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.AlertIncident;
import dev.playtrace.store.spi.AlertRule;
import dev.playtrace.store.spi.WebhookAttempt;
import dev.playtrace.store.spi.WebhookDelivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static dev.playtrace.store.spi.RowValues.bool;
import static dev.playtrace.store.spi.RowValues.longOrNull;
import static dev.playtrace.store.spi.RowValues.longOrZero;
import static dev.playtrace.store.spi.RowValues.text;

/** SQL for alert rules, incidents, webhook deliveries and their attempts. */
final class AlertTables {
    static final String RULES = "alert_rules";
    static final String INCIDENTS = "alert_incidents";
    static final String DELIVERIES = "webhook_deliveries";
    static final String ATTEMPTS = "webhook_attempts";

    private static final String RULE_COLUMNS = "project_id, rule_id, name, enabled, definition_json, created_at_ms,"
            + " updated_at_ms";
    private static final String INCIDENT_COLUMNS = "project_id, incident_id, rule_id, status, opened_at_ms,"
            + " resolved_at_ms, updated_at_ms, details_json";
    private static final String DELIVERY_COLUMNS = "project_id, delivery_id, rule_id, incident_id, url, stored_secret,"
            + " event, payload_json, status, attempts, created_at_ms, next_attempt_at_ms";
    private static final String ATTEMPT_COLUMNS = "delivery_id, attempt, attempted_at_ms, status_code, error,"
            + " duration_ms";

    // the tables are created by migration V3__alert_rules_incidents_and_webhooks.sql; stored_secret by V4

    // ---- rules ----

    void saveRule(Connection writer, AlertRule rule) throws SQLException {
        JdbcRows.update(writer, "INSERT OR REPLACE INTO " + RULES + " (" + RULE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                List.of(rule.projectId(), rule.ruleId(), rule.name(), rule.enabled(), rule.definitionJson(),
                        rule.createdAtMs(), rule.updatedAtMs()));
    }

    Optional<AlertRule> findRule(Connection reader, String projectId, String ruleId) throws SQLException {
        return rules(reader, " WHERE project_id = ? AND rule_id = ?", List.of(projectId, ruleId)).stream().findFirst();
    }

    List<AlertRule> listRules(Connection reader, String projectId) throws SQLException {
        return rules(reader, " WHERE project_id = ? ORDER BY created_at_ms, rule_id", List.of(projectId));
    }

    List<AlertRule> listEnabledRules(Connection reader) throws SQLException {
        return rules(reader, " WHERE enabled ORDER BY project_id, created_at_ms, rule_id", List.of());
    }

    boolean deleteRule(Connection writer, String projectId, String ruleId) throws SQLException {
        return JdbcRows.update(writer, "DELETE FROM " + RULES + " WHERE project_id = ? AND rule_id = ?",
                List.of(projectId, ruleId)) == 1;
    }

    private static List<AlertRule> rules(Connection connection, String where, List<Object> parameters)
            throws SQLException {
        return JdbcRows.select(connection, "SELECT " + RULE_COLUMNS + " FROM " + RULES + where, parameters).stream()
                .map(row -> new AlertRule(text(row[0]), text(row[1]), text(row[2]), bool(row[3]), text(row[4]),
                        longOrZero(row[5]), longOrZero(row[6])))
                .toList();
    }

    // ---- incidents ----

    /** Check and insert run in the caller's write transaction on the one writer connection, so they are atomic. */
    boolean openIncident(Connection writer, AlertIncident incident) throws SQLException {
        if (findOpenIncident(writer, incident.projectId(), incident.ruleId()).isPresent()) {
            return false;
        }
        JdbcRows.update(writer, "INSERT INTO " + INCIDENTS + " (" + INCIDENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                incidentValues(incident));
        return true;
    }

    boolean updateIncident(Connection writer, AlertIncident incident) throws SQLException {
        return JdbcRows.update(writer, "UPDATE " + INCIDENTS + " SET rule_id = ?, status = ?, opened_at_ms = ?,"
                        + " resolved_at_ms = ?, updated_at_ms = ?, details_json = ? WHERE project_id = ? AND incident_id = ?",
                java.util.Arrays.asList(incident.ruleId(), incident.status().name(), incident.openedAtMs(),
                        incident.resolvedAtMs(), incident.updatedAtMs(), incident.detailsJson(), incident.projectId(),
                        incident.incidentId())) == 1;
    }

    Optional<AlertIncident> findIncident(Connection reader, String projectId, String incidentId) throws SQLException {
        return incidents(reader, " WHERE project_id = ? AND incident_id = ?", List.of(projectId, incidentId))
                .stream().findFirst();
    }

    Optional<AlertIncident> findOpenIncident(Connection connection, String projectId, String ruleId)
            throws SQLException {
        return incidents(connection, " WHERE project_id = ? AND rule_id = ? AND status = 'OPEN'"
                + " ORDER BY opened_at_ms DESC, incident_id LIMIT 1", List.of(projectId, ruleId)).stream().findFirst();
    }

    List<AlertIncident> listIncidents(Connection reader, String projectId, long fromMs, long toMs, long offset,
            int limit) throws SQLException {
        return incidents(reader, OVERLAPPING + " ORDER BY opened_at_ms DESC, incident_id LIMIT ? OFFSET ?",
                List.of(projectId, toMs, fromMs, limit, offset));
    }

    long countIncidents(Connection reader, String projectId, long fromMs, long toMs) throws SQLException {
        return longOrZero(JdbcRows.select(reader, "SELECT count(*) FROM " + INCIDENTS + OVERLAPPING,
                List.of(projectId, toMs, fromMs)).getFirst()[0]);
    }

    private static final String OVERLAPPING = " WHERE project_id = ? AND opened_at_ms < ?"
            + " AND (resolved_at_ms IS NULL OR resolved_at_ms >= ?)";

    private static List<Object> incidentValues(AlertIncident incident) {
        return java.util.Arrays.asList(incident.projectId(), incident.incidentId(), incident.ruleId(),
                incident.status().name(), incident.openedAtMs(), incident.resolvedAtMs(), incident.updatedAtMs(),
                incident.detailsJson());
    }

    private static List<AlertIncident> incidents(Connection connection, String where, List<Object> parameters)
            throws SQLException {
        return JdbcRows.select(connection, "SELECT " + INCIDENT_COLUMNS + " FROM " + INCIDENTS + where, parameters)
                .stream()
                .map(row -> new AlertIncident(text(row[0]), text(row[1]), text(row[2]),
                        AlertIncident.Status.valueOf(text(row[3])), longOrZero(row[4]), longOrNull(row[5]),
                        longOrZero(row[6]), text(row[7])))
                .toList();
    }

    // ---- deliveries ----

    void saveDelivery(Connection writer, WebhookDelivery delivery) throws SQLException {
        JdbcRows.update(writer, "INSERT OR REPLACE INTO " + DELIVERIES + " (" + DELIVERY_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                java.util.Arrays.asList(delivery.projectId(), delivery.deliveryId(), delivery.ruleId(),
                        delivery.incidentId(), delivery.url(), delivery.storedSecret(), delivery.event(), delivery.payloadJson(), delivery.status().name(),
                        delivery.attempts(), delivery.createdAtMs(), delivery.nextAttemptAtMs()));
    }

    List<WebhookDelivery> listDueDeliveries(Connection reader, long nowMs, int limit) throws SQLException {
        return deliveries(reader, " WHERE status = 'PENDING' AND next_attempt_at_ms <= ?"
                + " ORDER BY next_attempt_at_ms, delivery_id LIMIT ?", List.of(nowMs, limit));
    }

    List<WebhookDelivery> listDeliveries(Connection reader, String projectId, String incidentId) throws SQLException {
        return deliveries(reader, " WHERE project_id = ? AND incident_id = ? ORDER BY created_at_ms, delivery_id",
                List.of(projectId, incidentId));
    }

    Optional<WebhookDelivery> findDelivery(Connection reader, String projectId, String deliveryId)
            throws SQLException {
        return deliveries(reader, " WHERE project_id = ? AND delivery_id = ?", List.of(projectId, deliveryId))
                .stream().findFirst();
    }

    void recordAttempt(Connection writer, WebhookDelivery updated, WebhookAttempt attempt) throws SQLException {
        if (updated.attempts() != attempt.attempt() || !updated.deliveryId().equals(attempt.deliveryId())) {
            throw new IllegalArgumentException("the delivery's attempt count must be the attempt's number");
        }
        saveDelivery(writer, updated);
        JdbcRows.update(writer, "INSERT OR REPLACE INTO " + ATTEMPTS + " (" + ATTEMPT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                java.util.Arrays.asList(attempt.deliveryId(), attempt.attempt(), attempt.attemptedAtMs(),
                        attempt.statusCode(), attempt.error(), attempt.durationMs()));
    }

    List<WebhookAttempt> listAttempts(Connection reader, String deliveryId) throws SQLException {
        return JdbcRows.select(reader, "SELECT " + ATTEMPT_COLUMNS + " FROM " + ATTEMPTS
                        + " WHERE delivery_id = ? ORDER BY attempt", List.of(deliveryId)).stream()
                .map(row -> new WebhookAttempt(text(row[0]), (int) longOrZero(row[1]), longOrZero(row[2]),
                        row[3] == null ? null : (int) longOrZero(row[3]), text(row[4]), longOrZero(row[5])))
                .toList();
    }

    private static List<WebhookDelivery> deliveries(Connection connection, String where, List<Object> parameters)
            throws SQLException {
        return JdbcRows.select(connection, "SELECT " + DELIVERY_COLUMNS + " FROM " + DELIVERIES + where, parameters)
                .stream()
                .map(row -> new WebhookDelivery(text(row[0]), text(row[1]), text(row[2]), text(row[3]), text(row[4]),
                        text(row[5]), text(row[6]), text(row[7]), WebhookDelivery.Status.valueOf(text(row[8])),
                        (int) longOrZero(row[9]), longOrZero(row[10]), longOrZero(row[11])))
                .toList();
    }
}
