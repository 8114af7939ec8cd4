package dev.playtrace.store.spi;

import java.util.Optional;

/** Keeps the tokens the server issued, by hash, so that every query node and a restarted one accept them. */
public interface IssuedTokenRepository {
    /** Stores a new token (hashes are random, so a second token with the same hash replaces the first). */
    void saveIssuedToken(IssuedToken token);

    /** The token with this hash if it was issued, is not revoked and has not expired at {@code nowMs}. */
    Optional<IssuedToken> findActiveToken(String tokenSha256Hex, long nowMs);

    /**
     * Removes the token; atomic, so of several callers revoking the same token exactly one gets {@code true}
     * (a refresh token is spent this way).
     *
     * @return false when there was no such token (never issued, or already revoked or deleted)
     */
    boolean revokeToken(String tokenSha256Hex);

    /** Deletes every token expired at {@code nowMs}; returns how many. */
    int deleteExpiredTokens(long nowMs);
}
