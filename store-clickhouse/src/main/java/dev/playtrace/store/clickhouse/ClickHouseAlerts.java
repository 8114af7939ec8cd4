package dev.playtrace.store.clickhouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.AlertIncident;
import dev.playtrace.store.spi.AlertRepository;
import dev.playtrace.store.spi.AlertRule;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.WebhookAttempt;
import dev.playtrace.store.spi.WebhookDelivery;

import java.util.List;
import java.util.Optional;

import static dev.playtrace.store.clickhouse.ClickHouseTables.ALERT_INCIDENTS;
import static dev.playtrace.store.clickhouse.ClickHouseTables.ALERT_RULES;
import static dev.playtrace.store.clickhouse.ClickHouseTables.OPEN_INCIDENT_SLOTS;
import static dev.playtrace.store.clickhouse.ClickHouseTables.WEBHOOK_ATTEMPTS;
import static dev.playtrace.store.clickhouse.ClickHouseTables.WEBHOOK_DELIVERIES;

/**
 * Alert rules, incidents, deliveries and attempts as versioned rows. "One open incident per rule" is a rule's slot
 * taken through {@link Claims} (exact across processes); the slot carries the incident's first row, so an opener that
 * dies after taking the slot still gets its incident written by the next caller.
 */
final class ClickHouseAlerts implements AlertRepository {
    /** An incident's first row; every update is written with a clock version, far above it. */
    private static final long FIRST_INCIDENT_VERSION = 1;
    private static final String OVERLAPPING = "WHERE project_id = ? AND opened_at_ms < ?"
            + " AND (resolved_at_ms IS NULL OR resolved_at_ms >= ?)";

    private final ClickHouseHttp http;
    private final VersionClock clock;
    private final CheckThenWrite checkThenWrite;
    private final Claims claims;
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    ClickHouseAlerts(ClickHouseHttp http, VersionClock clock, CheckThenWrite checkThenWrite, Claims claims) {
        this.http = http;
        this.clock = clock;
        this.checkThenWrite = checkThenWrite;
        this.claims = claims;
    }

    @Override
    public void saveRule(AlertRule rule) {
        ALERT_RULES.upsert(http, clock.next(), List.<Object[]>of(new Object[] {rule.projectId(), rule.ruleId(),
                rule.name(), rule.enabled(), rule.definitionJson(), rule.createdAtMs(), rule.updatedAtMs()}));
    }

    @Override
    public Optional<AlertRule> findRule(String projectId, String ruleId) {
        return rules("WHERE project_id = ? AND rule_id = ?", List.of(projectId, ruleId)).stream().findFirst();
    }

    @Override
    public List<AlertRule> listRules(String projectId) {
        return rules("WHERE project_id = ? ORDER BY created_at_ms, rule_id", List.of(projectId));
    }

    @Override
    public List<AlertRule> listEnabledRules() {
        return rules("WHERE enabled = 1 ORDER BY project_id, created_at_ms, rule_id", List.of());
    }

    @Override
    public boolean deleteRule(String projectId, String ruleId) {
        return checkThenWrite.run(() -> {
            boolean exists = findRule(projectId, ruleId).isPresent();
            if (exists) {
                ALERT_RULES.delete(http, clock.next(), List.<Object[]>of(new Object[] {projectId, ruleId}));
            }
            return exists;
        });
    }

    @Override
    public boolean openIncident(AlertIncident incident) {
        // the rule's slot names its open incident; taking it is a compare-and-write, exact across processes
        return checkThenWrite.run(() -> {
            Object[] slot = {incident.projectId(), incident.ruleId()};
            Claims.Observed current = claims.observe(OPEN_INCIDENT_SLOTS, slot);
            if (current.isLive() && heldOpen(current.row().get())) {
                return false;
            }
            Object[] firstRow = incidentRow(incident);
            if (!claims.compareAndWrite(OPEN_INCIDENT_SLOTS, slot, current,
                    new Object[] {incident.projectId(), incident.ruleId(), incident.incidentId(), json(firstRow)})) {
                return false;
            }
            ALERT_INCIDENTS.upsert(http, FIRST_INCIDENT_VERSION, List.<Object[]>of(firstRow));
            return true;
        });
    }

    /**
     * Whether the slot's incident is open. An incident missing although its slot is taken was being written, or its
     * opener died: its first row is written from the slot (at version 1, so no later update is ever undone).
     */
    private boolean heldOpen(StoreRow slot) {
        String projectId = slot.text("project_id");
        Optional<AlertIncident> held = findIncident(projectId, slot.text("incident_id"));
        if (held.isEmpty()) {
            ALERT_INCIDENTS.upsert(http, FIRST_INCIDENT_VERSION, List.<Object[]>of(rowFromJson(slot.text("incident_row_json"))));
            held = findIncident(projectId, slot.text("incident_id"));
        }
        return held.map(incident -> incident.status() == AlertIncident.Status.OPEN).orElse(true);
    }

    @Override
    public boolean updateIncident(AlertIncident incident) {
        return checkThenWrite.run(() -> {
            if (findIncident(incident.projectId(), incident.incidentId()).isEmpty()) {
                return false;
            }
            writeIncident(incident);
            return true;
        });
    }

    @Override
    public Optional<AlertIncident> findIncident(String projectId, String incidentId) {
        return incidents("WHERE project_id = ? AND incident_id = ?", List.of(projectId, incidentId)).stream().findFirst();
    }

    @Override
    public Optional<AlertIncident> findOpenIncident(String projectId, String ruleId) {
        return incidents("WHERE project_id = ? AND rule_id = ? AND status = 'OPEN'"
                + " ORDER BY opened_at_ms DESC, incident_id LIMIT 1", List.of(projectId, ruleId)).stream().findFirst();
    }

    @Override
    public List<AlertIncident> listIncidents(String projectId, long fromMs, long toMs, long offset, int limit) {
        return incidents(OVERLAPPING + " ORDER BY opened_at_ms DESC, incident_id LIMIT ?, ?",
                List.of(projectId, toMs, fromMs, offset, (long) limit));
    }

    @Override
    public long countIncidents(String projectId, long fromMs, long toMs) {
        return ALERT_INCIDENTS.selectExpressions(http, "count() AS n", OVERLAPPING, List.of(projectId, toMs, fromMs))
                .getFirst().longOrZero("n");
    }

    @Override
    public void saveDelivery(WebhookDelivery delivery) {
        WEBHOOK_DELIVERIES.upsert(http, clock.next(), List.<Object[]>of(new Object[] {delivery.projectId(),
                delivery.deliveryId(), delivery.ruleId(), delivery.incidentId(), delivery.url(), delivery.storedSecret(), delivery.event(),
                delivery.payloadJson(), delivery.status().name(), delivery.attempts(), delivery.createdAtMs(),
                delivery.nextAttemptAtMs()}));
    }

    @Override
    public List<WebhookDelivery> listDueDeliveries(long nowMs, int limit) {
        return deliveries("WHERE status = 'PENDING' AND next_attempt_at_ms <= ? ORDER BY next_attempt_at_ms, delivery_id"
                + " LIMIT ?", List.of(nowMs, (long) limit));
    }

    @Override
    public List<WebhookDelivery> listDeliveries(String projectId, String incidentId) {
        return deliveries("WHERE project_id = ? AND incident_id = ? ORDER BY created_at_ms, delivery_id",
                List.of(projectId, incidentId));
    }

    @Override
    public Optional<WebhookDelivery> findDelivery(String projectId, String deliveryId) {
        return deliveries("WHERE project_id = ? AND delivery_id = ?", List.of(projectId, deliveryId)).stream().findFirst();
    }

    /** The attempt first, then the delivery's new state: a crash in between leaves a delivery that is retried. */
    @Override
    public void recordAttempt(WebhookDelivery updated, WebhookAttempt attempt) {
        WEBHOOK_ATTEMPTS.upsert(http, clock.next(), List.<Object[]>of(new Object[] {attempt.deliveryId(),
                attempt.attempt(), attempt.attemptedAtMs(), attempt.statusCode(), attempt.error(),
                attempt.durationMs()}));
        saveDelivery(updated);
    }

    @Override
    public List<WebhookAttempt> listAttempts(String deliveryId) {
        return WEBHOOK_ATTEMPTS.select(http, "WHERE delivery_id = ? ORDER BY attempt", List.of(deliveryId)).stream()
                .map(row -> new WebhookAttempt(row.text("delivery_id"), Math.toIntExact(row.longOrZero("attempt")),
                        row.longOrZero("attempted_at_ms"), intOrNull(row.longOrNull("status_code")), row.text("error"),
                        row.longOrZero("duration_ms")))
                .toList();
    }

    private void writeIncident(AlertIncident incident) {
        ALERT_INCIDENTS.upsert(http, clock.next(), List.<Object[]>of(incidentRow(incident)));
    }

    private static Object[] incidentRow(AlertIncident incident) {
        return new Object[] {incident.projectId(), incident.incidentId(), incident.ruleId(), incident.status().name(),
                incident.openedAtMs(), incident.resolvedAtMs(), incident.updatedAtMs(), incident.detailsJson()};
    }

    private String json(Object[] row) {
        try {
            return mapper.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new PlaytraceException(ErrorCode.INTERNAL,
                    "an incident cannot be written as JSON", e);
        }
    }

    private Object[] rowFromJson(String text) {
        try {
            return mapper.readValue(text, Object[].class);
        } catch (JsonProcessingException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE,
                    "an open incident slot holds no valid JSON", e);
        }
    }

    private List<AlertRule> rules(String rest, List<Object> parameters) {
        return ALERT_RULES.select(http, rest, parameters).stream()
                .map(row -> new AlertRule(row.text("project_id"), row.text("rule_id"), row.text("name"),
                        row.bool("enabled"), row.text("definition_json"), row.longOrZero("created_at_ms"),
                        row.longOrZero("updated_at_ms")))
                .toList();
    }

    private List<AlertIncident> incidents(String rest, List<Object> parameters) {
        return ALERT_INCIDENTS.select(http, rest, parameters).stream().map(ClickHouseAlerts::incident).toList();
    }

    private static AlertIncident incident(StoreRow row) {
        return new AlertIncident(row.text("project_id"), row.text("incident_id"), row.text("rule_id"),
                AlertIncident.Status.valueOf(row.text("status")), row.longOrZero("opened_at_ms"),
                row.longOrNull("resolved_at_ms"), row.longOrZero("updated_at_ms"), row.text("details_json"));
    }

    private List<WebhookDelivery> deliveries(String rest, List<Object> parameters) {
        return WEBHOOK_DELIVERIES.select(http, rest, parameters).stream()
                .map(row -> new WebhookDelivery(row.text("project_id"), row.text("delivery_id"), row.text("rule_id"),
                        row.text("incident_id"), row.text("url"), row.text("stored_secret"), row.text("event"),
                        row.text("payload_json"),
                        WebhookDelivery.Status.valueOf(row.text("status")), Math.toIntExact(row.longOrZero("attempts")),
                        row.longOrZero("created_at_ms"), row.longOrZero("next_attempt_at_ms")))
                .toList();
    }

    private static Integer intOrNull(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
