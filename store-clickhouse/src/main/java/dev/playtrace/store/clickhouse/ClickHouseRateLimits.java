package dev.playtrace.store.clickhouse;

import dev.playtrace.store.spi.RateLimitBucket;
import dev.playtrace.store.spi.RateLimitRepository;
import dev.playtrace.store.spi.StoreRow;

import java.util.List;
import java.util.Optional;

import static dev.playtrace.store.clickhouse.ClickHouseTables.RATE_LIMIT_BUCKETS;

/**
 * Rate-limit buckets as versioned rows; insert-if-absent and compare-and-set write the bucket's next version through
 * {@link Claims}, exact across processes ({@link CheckThenWrite} only keeps this process's callers from racing each
 * other).
 */
final class ClickHouseRateLimits implements RateLimitRepository {
    private final ClickHouseHttp http;
    private final CheckThenWrite checkThenWrite;
    private final Claims claims;

    ClickHouseRateLimits(ClickHouseHttp http, CheckThenWrite checkThenWrite, Claims claims) {
        this.http = http;
        this.checkThenWrite = checkThenWrite;
        this.claims = claims;
    }

    @Override
    public Optional<RateLimitBucket> findBucket(String key) {
        return RATE_LIMIT_BUCKETS.select(http, "WHERE bucket_key = ?", List.of(key)).stream()
                .map(ClickHouseRateLimits::bucket).findFirst();
    }

    @Override
    public boolean insertBucket(RateLimitBucket bucket) {
        return checkThenWrite.run(() -> {
            Claims.Observed current = claims.observe(RATE_LIMIT_BUCKETS, new Object[] {bucket.key()});
            return !current.isLive()
                    && claims.compareAndWrite(RATE_LIMIT_BUCKETS, new Object[] {bucket.key()}, current,
                    row(bucket));
        });
    }

    @Override
    public boolean replaceBucket(RateLimitBucket expected, RateLimitBucket next) {
        return checkThenWrite.run(() -> {
            Claims.Observed current = claims.observe(RATE_LIMIT_BUCKETS, new Object[] {expected.key()});
            // doubles are stored bit for bit (RowBinary) and read as shortest round-trip text, so equality is exact
            boolean unchanged = current.isLive() && bucket(current.row().get()).equals(expected);
            return unchanged && claims.compareAndWrite(RATE_LIMIT_BUCKETS, new Object[] {expected.key()},
                    current, row(next));
        });
    }

    private static Object[] row(RateLimitBucket bucket) {
        return new Object[] {bucket.key(), bucket.tokens(), bucket.updatedAtMs()};
    }

    private static RateLimitBucket bucket(StoreRow row) {
        return new RateLimitBucket(row.text("bucket_key"), row.doubleOrNull("tokens"), row.longOrZero("updated_at_ms"));
    }
}
