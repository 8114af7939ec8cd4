package dev.playtrace.server.auth;

import dev.playtrace.server.TokenSecrets;
import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.IssuedTokenRepository;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Issues opaque random tokens and recognizes them later, on this node or another, before or after a restart: the
 * store keeps each token's SHA-256 (never the token) with its kind, project, subject and expiry.
 */
public final class IssuedTokens {
    private static final int TOKEN_BYTES = 32;

    private final IssuedTokenRepository repository;
    private final Clock clock;

    public IssuedTokens(IssuedTokenRepository repository, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A new token of the kind for the project's subject, valid for {@code lifetime}; the caller hands it out once. */
    public String issue(String kind, String projectId, String subject, Duration lifetime) {
        String token = TokenSecrets.random("", TOKEN_BYTES);
        register(kind, token, projectId, subject, lifetime);
        return token;
    }

    /** Registers a token made elsewhere (a signed JWT), so that {@link #find} knows it and it can be revoked. */
    public void register(String kind, String token, String projectId, String subject, Duration lifetime) {
        long nowMs = clock.millis();
        repository.saveIssuedToken(new IssuedToken(TokenSecrets.sha256Hex(token), kind, projectId, subject, nowMs,
                nowMs + lifetime.toMillis()));
        // expired tokens are of no use to anyone: each issue sweeps them, as the in-memory maps did
        repository.deleteExpiredTokens(nowMs);
    }

    /** The token if it is of this kind, was issued, is not revoked and has not expired. */
    public Optional<IssuedToken> find(String kind, String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return repository.findActiveToken(TokenSecrets.sha256Hex(token), clock.millis())
                .filter(issued -> issued.kind().equals(kind));
    }

    /**
     * A single-use token (a refresh token): revokes it and returns it if it was active and of this kind. Of two
     * callers spending the same token at once, only one gets it.
     */
    public Optional<IssuedToken> spend(String kind, String token) {
        return find(kind, token).filter(issued -> repository.revokeToken(issued.tokenSha256Hex()));
    }

    /** Makes the token invalid everywhere; false when it was not known (or already revoked or expired and swept). */
    public boolean revoke(String token) {
        return repository.revokeToken(TokenSecrets.sha256Hex(token));
    }
}
