package dev.playtrace.model;

import static java.util.Objects.requireNonNull;

/**
 * A key of a project for one vendor-compatible API (a VPE API key, an NCP access key, an api.video API key, ...).
 * {@code kind} names the API and {@code keyId} is what the client presents; {@code storedSecret} is never the clear
 * secret: a hash where the protocol allows verifying one, else the secret encrypted under a server key.
 */
public record Credential(String kind, String keyId, String projectId, String storedSecret, long createdAtMs) {
    public Credential {
        requireNonNull(kind, "kind is null");
        requireNonNull(keyId, "keyId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(storedSecret, "storedSecret is null");
    }
}
