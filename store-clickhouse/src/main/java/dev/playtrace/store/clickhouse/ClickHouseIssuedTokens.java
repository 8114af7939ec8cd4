package dev.playtrace.store.clickhouse;

import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.IssuedTokenRepository;
import dev.playtrace.store.spi.StoreRow;

import java.util.List;
import java.util.Optional;

import static dev.playtrace.store.clickhouse.ClickHouseTables.ISSUED_TOKENS;

/** Issued tokens as versioned rows; a revocation or expiry deletion writes tombstones. */
final class ClickHouseIssuedTokens implements IssuedTokenRepository {
    private final ClickHouseHttp http;
    private final VersionClock clock;
    private final CheckThenWrite checkThenWrite;

    ClickHouseIssuedTokens(ClickHouseHttp http, VersionClock clock, CheckThenWrite checkThenWrite) {
        this.http = http;
        this.clock = clock;
        this.checkThenWrite = checkThenWrite;
    }

    @Override
    public void saveIssuedToken(IssuedToken token) {
        ISSUED_TOKENS.upsert(http, clock.next(), List.<Object[]>of(new Object[] {token.tokenSha256Hex(), token.kind(),
                token.projectId(), token.subject(), token.issuedAtMs(), token.expiresAtMs()}));
    }

    @Override
    public Optional<IssuedToken> findActiveToken(String tokenSha256Hex, long nowMs) {
        return ISSUED_TOKENS.select(http, "WHERE token_sha256_hex = ? AND expires_at_ms > ?",
                List.of(tokenSha256Hex, nowMs)).stream().map(ClickHouseIssuedTokens::token).findFirst();
    }

    @Override
    public boolean revokeToken(String tokenSha256Hex) {
        return checkThenWrite.run(() -> {
            boolean exists = !ISSUED_TOKENS.select(http, "WHERE token_sha256_hex = ?", List.of(tokenSha256Hex)).isEmpty();
            if (exists) {
                ISSUED_TOKENS.delete(http, clock.next(), List.<Object[]>of(new Object[] {tokenSha256Hex}));
            }
            return exists;
        });
    }

    @Override
    public int deleteExpiredTokens(long nowMs) {
        return checkThenWrite.run(() -> {
            List<Object[]> expired = ISSUED_TOKENS.select(http, "WHERE expires_at_ms <= ?", List.of(nowMs)).stream()
                    .map(row -> new Object[] {row.text("token_sha256_hex")})
                    .toList();
            ISSUED_TOKENS.delete(http, clock.next(), expired);
            return expired.size();
        });
    }

    private static IssuedToken token(StoreRow row) {
        return new IssuedToken(row.text("token_sha256_hex"), row.text("kind"), row.text("project_id"),
                row.text("subject"), row.longOrZero("issued_at_ms"), row.longOrZero("expires_at_ms"));
    }
}
