package dev.playtrace.server.auth;

import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IssuedTokensTest {
    private final PlaytraceStore store = PlaytraceStores.open("duckdb::memory:");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final IssuedTokens tokens = new IssuedTokens(store.issuedTokens(), clock);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTokenIsKnownByItsKindUntilItExpiresAndOnlyItsHashIsStored() {
        String token = tokens.issue("access", "p1", "key-1", Duration.ofSeconds(60));

        IssuedToken found = tokens.find("access", token).orElseThrow();
        assertThat(found.tokenSha256Hex()).isEqualTo(TokenSecrets.sha256Hex(token)).isNotEqualTo(token);
        assertThat(found.projectId()).isEqualTo("p1");
        assertThat(found.subject()).isEqualTo("key-1");
        assertThat(tokens.find("refresh", token)).as("another kind").isEmpty();
        assertThat(tokens.find("access", "not-issued")).isEmpty();
        assertThat(tokens.find("access", null)).isEmpty();

        clock.advance(Duration.ofSeconds(60));
        assertThat(tokens.find("access", token)).as("expired").isEmpty();
    }

    @Test
    void aSpentTokenCannotBeSpentAgainAndARevokedOneIsGone() {
        String refresh = tokens.issue("refresh", "p1", "key-1", Duration.ofDays(30));
        String access = tokens.issue("access", "p1", "key-1", Duration.ofHours(1));

        assertThat(tokens.spend("access", refresh)).as("wrong kind leaves it").isEmpty();
        assertThat(tokens.spend("refresh", refresh)).isPresent();
        assertThat(tokens.spend("refresh", refresh)).isEmpty();

        assertThat(tokens.revoke(access)).isTrue();
        assertThat(tokens.find("access", access)).isEmpty();
        assertThat(tokens.revoke(access)).isFalse();
    }
}
