package dev.playtrace.model;

import static java.util.Objects.requireNonNull;

/**
 * A tenant: every event, view and key belongs to exactly one project.
 *
 * @param ingestKey the public key player SDKs send as {@code env_key}; it can only write beacons
 */
public record Project(String id, String name, String ingestKey, long createdAtMs) {
    public Project {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(ingestKey, "ingestKey is null");
    }
}
