package dev.playtrace.store.spi;

import static java.util.Objects.requireNonNull;

/**
 * A stored alert rule of one project. The store keeps the definition (metric, filters, condition, webhooks) as the
 * JSON document the server wrote and never reads inside it; it only keys, lists and filters rules by these fields.
 *
 * @param definitionJson the rule's definition, opaque to the store
 */
public record AlertRule(String projectId, String ruleId, String name, boolean enabled, String definitionJson,
        long createdAtMs, long updatedAtMs) {
    public AlertRule {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(name, "name is null");
        requireNonNull(definitionJson, "definitionJson is null");
    }
}
