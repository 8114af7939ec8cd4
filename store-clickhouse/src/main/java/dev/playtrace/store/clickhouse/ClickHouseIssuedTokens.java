package dev.playtrace.store.clickhouse;

import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.IssuedTokenRepository;
import dev.playtrace.store.spi.StoreRow;

import java.util.List;
import java.util.Optional;

import static dev.playtrace.store.clickhouse.ClickHouseTables.ISSUED_TOKENS;

/** Issued tokens as versioned rows; a revocation ({@link Claims}: exact across processes) or expiry writes tombstones. */
final class ClickHouseIssuedTokens implements IssuedTokenRepository {
    private final ClickHouseHttp http;
    private final VersionClock clock;
    private final CheckThenWrite checkThenWrite;
    private final Claims claims;

    ClickHouseIssuedTokens(ClickHouseHttp http, VersionClock clock, CheckThenWrite checkThenWrite, Claims claims) {
        this.http = http;
        this.clock = clock;
        this.checkThenWrite = checkThenWrite;
        this.claims = claims;
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
        // a refresh token is spent by this: exactly one caller of every process may succeed
        return checkThenWrite.run(() -> {
            Claims.Observed current = claims.observe(ISSUED_TOKENS, new Object[] {tokenSha256Hex});
            return current.isLive() && claims.compareAndWrite(ISSUED_TOKENS, new Object[] {tokenSha256Hex},
                    current, null);
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
