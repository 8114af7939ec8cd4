package dev.playtrace.model;

import static java.util.Objects.requireNonNull;

/**
 * An API token of a project, used as HTTP Basic {@code token_id:token_secret}. Only a hash of the secret is kept.
 *
 * @param secretSha256Hex lowercase hex SHA-256 of the secret
 */
public record ApiToken(String tokenId, String projectId, String secretSha256Hex, TokenRole role, long createdAtMs) {
    public ApiToken {
        requireNonNull(tokenId, "tokenId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(secretSha256Hex, "secretSha256Hex is null");
        requireNonNull(role, "role is null");
    }

    /** What a token may do. */
    public enum TokenRole { READ, ADMIN }
}
