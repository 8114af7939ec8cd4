package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.RateLimitBucket;
import dev.playtrace.store.spi.RowValues;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for the state query nodes share: the issued tokens (by hash) and the rate-limit buckets. */
final class SharedStateTables {
    private static final String TOKEN_COLUMNS = "token_sha256_hex, kind, project_id, subject, issued_at_ms, expires_at_ms";
    private static final String BUCKET_COLUMNS = "bucket_key, tokens, updated_at_ms";

    void saveIssuedToken(Connection writer, IssuedToken token) throws SQLException {
        JdbcRows.update(writer, "INSERT OR REPLACE INTO " + DuckDbSchema.ISSUED_TOKENS + " (" + TOKEN_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?)",
                List.of(token.tokenSha256Hex(), token.kind(), token.projectId(), token.subject(), token.issuedAtMs(),
                        token.expiresAtMs()));
    }

    Optional<IssuedToken> findActiveToken(Connection reader, String tokenSha256Hex, long nowMs) throws SQLException {
        return JdbcRows.select(reader, "SELECT " + TOKEN_COLUMNS + " FROM " + DuckDbSchema.ISSUED_TOKENS
                        + " WHERE token_sha256_hex = ? AND expires_at_ms > ?", List.of(tokenSha256Hex, nowMs)).stream()
                .map(row -> new IssuedToken(RowValues.text(row[0]), RowValues.text(row[1]), RowValues.text(row[2]),
                        RowValues.text(row[3]), RowValues.longOrZero(row[4]), RowValues.longOrZero(row[5])))
                .findFirst();
    }

    boolean revokeToken(Connection writer, String tokenSha256Hex) throws SQLException {
        return JdbcRows.update(writer, "DELETE FROM " + DuckDbSchema.ISSUED_TOKENS + " WHERE token_sha256_hex = ?",
                List.of(tokenSha256Hex)) == 1;
    }

    int deleteExpiredTokens(Connection writer, long nowMs) throws SQLException {
        return JdbcRows.update(writer, "DELETE FROM " + DuckDbSchema.ISSUED_TOKENS + " WHERE expires_at_ms <= ?",
                List.of(nowMs));
    }

    Optional<RateLimitBucket> findBucket(Connection connection, String key) throws SQLException {
        return JdbcRows.select(connection, "SELECT " + BUCKET_COLUMNS + " FROM " + DuckDbSchema.RATE_LIMIT_BUCKETS
                        + " WHERE bucket_key = ?", List.of(key)).stream()
                .map(row -> new RateLimitBucket(RowValues.text(row[0]), ((Number) row[1]).doubleValue(),
                        RowValues.longOrZero(row[2])))
                .findFirst();
    }

    boolean insertBucket(Connection writer, RateLimitBucket bucket) throws SQLException {
        return JdbcRows.update(writer, "INSERT INTO " + DuckDbSchema.RATE_LIMIT_BUCKETS + " (" + BUCKET_COLUMNS
                        + ") VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                List.of(bucket.key(), bucket.tokens(), bucket.updatedAtMs())) == 1;
    }

    boolean replaceBucket(Connection writer, RateLimitBucket expected, RateLimitBucket next) throws SQLException {
        if (!expected.key().equals(next.key())) {
            throw new IllegalArgumentException("a bucket is replaced by a bucket with the same key");
        }
        return JdbcRows.update(writer, "UPDATE " + DuckDbSchema.RATE_LIMIT_BUCKETS + " SET tokens = ?, updated_at_ms = ?"
                        + " WHERE bucket_key = ? AND tokens = ? AND updated_at_ms = ?",
                List.of(next.tokens(), next.updatedAtMs(), expected.key(), expected.tokens(), expected.updatedAtMs())) == 1;
    }
}
