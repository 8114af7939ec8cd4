package dev.playtrace.store.clickhouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.StoreRow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compare-and-write of one keyed row, exact across every process on the database, although ClickHouse has no
 * transactions, locks or unique keys. It rests on one property of a (non-replicated) MergeTree table: each insert
 * becomes a part whose block number the server allocates from one counter per table, under the same lock that makes
 * the part visible. So a reader sees every part with a smaller block number than any part it sees, and "the claim
 * with the smallest block number" is the same for everyone who looks, at any time.
 *
 * <p>A caller observed the row at {@code row_version} v and wants to write its next state. It inserts a claim (scope:
 * table, key and v; the next row as JSON) into {@code claims}, where each claim is a partition of its own so merges
 * never combine two claims into one part (which would lose their order). It reads the claims of the scope: the one
 * with the smallest block number won. Whoever finds the row still at v writes the winner's row as v + 1 (identical
 * rows, so several helpers are harmless, and a winner that died after claiming still gets its write).
 *
 * <p>A loser drops its claim at once (only the winner's decides later readers of the scope); a winner's claim is
 * dropped when older than {@link #CLAIM_LIFETIME_MS} (by {@link #dropExpiredClaims}), and a caller whose observation
 * is older than {@link #OBSERVATION_LIMIT_MS} when it decides loses, so no caller can see a scope whose winner was
 * dropped (but for a winner that died after claiming, whose row a helper wrote minutes later). Reads of claims touch
 * only the scope's parts ({@code scope_hash} is in the partition key). Cost: four or five round trips per write.
 */
final class Claims {
    static final String TABLE = "claims";
    static final long CLAIM_LIFETIME_MS = 10 * 60_000L;
    static final long OBSERVATION_LIMIT_MS = 60_000L;
    private static final int CLAIMS_BETWEEN_CLEANUPS = 1000;
    private static final String NO_ROW = "null";

    /** A row as a caller read it before a compare-and-write: its newest version (live or deleted) and when. */
    record Observed(Optional<StoreRow> row, long readAtMs) {
        /** 0 when the key was never written. */
        long version() {
            return row.map(r -> r.longOrZero("row_version")).orElse(0L);
        }

        boolean isLive() {
            return row.isPresent() && !row.get().bool("deleted");
        }
    }

    private final ClickHouseHttp http;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private final AtomicInteger claimsSinceCleanup = new AtomicInteger();

    Claims(ClickHouseHttp http) {
        this.http = http;
    }

    static String createStatement() {
        // scope_hash in the partition key lets a read skip every other scope's parts by their min-max index
        return "CREATE TABLE IF NOT EXISTS " + TABLE + " (scope String, scope_hash UInt64, claimant String,"
                + " next_row String, claimed_at_ms Int64) ENGINE = MergeTree() PARTITION BY (scope_hash, claimant)"
                + " ORDER BY scope";
    }

    Observed observe(VersionedTable table, Object[] key) {
        long readAtMs = System.currentTimeMillis();
        return new Observed(table.newestVersion(http, key), readAtMs);
    }

    /**
     * Writes {@code next} (key and value columns; null deletes the key) as version {@code observed.version() + 1} if
     * the key is still at the observed version; of all callers that observed the same version exactly one gets true.
     */
    boolean compareAndWrite(VersionedTable table, Object[] key, Observed observed, Object[] next) {
        long expectedVersion = observed.version();
        long nowMs = System.currentTimeMillis();
        if (nowMs - observed.readAtMs() > OBSERVATION_LIMIT_MS) {
            return false;
        }
        String scope = table.name() + "\u0000" + String.join("\u0000", Arrays.stream(key).map(String::valueOf).toList())
                + "\u0000" + expectedVersion;
        String me = UUID.randomUUID().toString();
        long scopeHash = scopeHash(scope);
        http.insert(TABLE, List.of("scope", "scope_hash", "claimant", "next_row", "claimed_at_ms"),
                List.of("String", "UInt64", "String", "String", "Int64"),
                List.<Object[]>of(new Object[] {scope, scopeHash, me, encode(next), nowMs}));
        List<StoreRow> first = http.select(SqlLiterals.bind("SELECT claimant, next_row,"
                + " toUInt64(splitByChar('_', _part)[2]) AS block FROM " + TABLE
                + " WHERE scope_hash = " + scopeHash + " AND scope = ? ORDER BY block LIMIT 1", List.of(scope)));
        if (first.isEmpty() || System.currentTimeMillis() - observed.readAtMs() > OBSERVATION_LIMIT_MS) {
            return false; // stalled past the limit: the scope's claims may have been dropped meanwhile
        }
        StoreRow winner = first.getFirst();
        boolean won = winner.text("claimant").equals(me);
        if (table.newestVersion(http, key).map(row -> row.longOrZero("row_version")).orElse(0L) == expectedVersion) {
            Object[] winnersRow = decode(winner.text("next_row"));
            if (winnersRow == null) {
                table.writeTombstones(http, expectedVersion + 1, winner.text("claimant"), List.<Object[]>of(key));
            } else {
                table.write(http, expectedVersion + 1, winner.text("claimant"), List.<Object[]>of(winnersRow));
            }
        }
        if (!won) {
            // only the winner's claim decides later readers of this scope (it has the smallest block number)
            drop(scopeHash, me);
        }
        if (claimsSinceCleanup.incrementAndGet() >= CLAIMS_BETWEEN_CLEANUPS) {
            claimsSinceCleanup.set(0);
            dropExpiredClaims(nowMs);
        }
        return won;
    }

    /** Drops the partitions of claims older than {@link #CLAIM_LIFETIME_MS}: their scopes were settled long ago. */
    void dropExpiredClaims(long nowMs) {
        for (StoreRow expired : http.select(SqlLiterals.bind("SELECT DISTINCT scope_hash, claimant FROM " + TABLE
                + " WHERE claimed_at_ms < ? LIMIT 10000", List.of(nowMs - CLAIM_LIFETIME_MS)))) {
            drop(expired.longOrZero("scope_hash"), expired.text("claimant"));
        }
    }

    private void drop(long scopeHash, String claimant) {
        http.execute("ALTER TABLE " + TABLE + " DROP PARTITION (" + scopeHash + ", " + SqlLiterals.quoted(claimant) + ")");
    }

    /** 63 bits of the scope's SHA-256 (a non-negative long, so it reads the same as Int64 and UInt64). */
    private static long scopeHash(String scope) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
    private String encode(Object[] row) {
        try {
            return row == null ? NO_ROW : json.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new PlaytraceException(ErrorCode.INTERNAL, "a row cannot be written as JSON", e);
        }
    }

    private Object[] decode(String text) {
        if (NO_ROW.equals(text)) {
            return null;
        }
        try {
            return json.readValue(text, Object[].class);
        } catch (JsonProcessingException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "a stored claim is not valid JSON", e);
        }
    }
}
