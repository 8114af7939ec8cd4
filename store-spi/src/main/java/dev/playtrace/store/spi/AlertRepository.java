package dev.playtrace.store.spi;

import java.util.List;
import java.util.Optional;

/**
 * Keeps alert rules, the incidents they open and the webhook deliveries of those incidents, with every delivery
 * attempt. Everything a project sees is scoped by its id; the evaluator reads enabled rules of every project.
 */
public interface AlertRepository {
    /** Stores a new rule or replaces the rule with the same project and id. */
    void saveRule(AlertRule rule);

    Optional<AlertRule> findRule(String projectId, String ruleId);

    /** The project's rules, oldest first (ties by id). */
    List<AlertRule> listRules(String projectId);

    /** Enabled rules of every project, by project then age (what the evaluator runs each minute). */
    List<AlertRule> listEnabledRules();

    /** Deletes the rule (its incidents and deliveries stay); false when there was none. */
    boolean deleteRule(String projectId, String ruleId);

    /**
     * Stores a new open incident unless its rule already has an open one; atomic, so of several evaluators opening
     * an incident for one rule exactly one succeeds.
     *
     * @return false when the rule already has an open incident (nothing is stored)
     */
    boolean openIncident(AlertIncident incident);

    /**
     * Replaces a stored incident (new numbers, or resolved).
     *
     * @return false when there is no such incident
     */
    boolean updateIncident(AlertIncident incident);

    Optional<AlertIncident> findIncident(String projectId, String incidentId);

    Optional<AlertIncident> findOpenIncident(String projectId, String ruleId);

    /**
     * The project's incidents that were open at some time in {@code [fromMs, toMs)}, newest first (by opening time,
     * ties by id).
     */
    List<AlertIncident> listIncidents(String projectId, long fromMs, long toMs, long offset, int limit);

    long countIncidents(String projectId, long fromMs, long toMs);

    /** Stores a new delivery. */
    void saveDelivery(WebhookDelivery delivery);

    /** Pending deliveries of every project due at {@code nowMs}, earliest due first. */
    List<WebhookDelivery> listDueDeliveries(long nowMs, int limit);

    /** The incident's deliveries, oldest first. */
    List<WebhookDelivery> listDeliveries(String projectId, String incidentId);

    Optional<WebhookDelivery> findDelivery(String projectId, String deliveryId);

    /**
     * Records one attempt and the delivery's state after it, in one transaction. The delivery must be the stored
     * one after {@link WebhookDelivery#after}: its {@code attempts} equals {@code attempt.attempt()}.
     */
    void recordAttempt(WebhookDelivery updated, WebhookAttempt attempt);

    /** The delivery's attempts, first first. */
    List<WebhookAttempt> listAttempts(String deliveryId);
}
