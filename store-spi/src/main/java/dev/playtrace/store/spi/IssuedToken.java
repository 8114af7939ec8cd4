package dev.playtrace.store.spi;

import static java.util.Objects.requireNonNull;

/**
 * A token the server issued to a client (an api.video access or refresh token): only its SHA-256 is stored.
 *
 * @param tokenSha256Hex lowercase hex SHA-256 of the token, its key in the store
 * @param kind what the token is for ({@code apivideo_access}); a token of one kind never passes as another
 * @param subject what the token stands for within the project (for api.video, the id of the API key it was exchanged for)
 * @param expiresAtMs the first instant at which the token is no longer valid
 */
public record IssuedToken(String tokenSha256Hex, String kind, String projectId, String subject, long issuedAtMs,
        long expiresAtMs) {
    public IssuedToken {
        requireNonNull(tokenSha256Hex, "tokenSha256Hex is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(subject, "subject is null");
        if (expiresAtMs < issuedAtMs) {
            throw new IllegalArgumentException("expiresAtMs is before issuedAtMs");
        }
    }

    public boolean activeAt(long nowMs) {
        return nowMs < expiresAtMs;
    }
}
