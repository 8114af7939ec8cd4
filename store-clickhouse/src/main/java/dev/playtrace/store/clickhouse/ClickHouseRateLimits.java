package dev.playtrace.store.clickhouse;

import dev.playtrace.store.spi.RateLimitBucket;
import dev.playtrace.store.spi.RateLimitRepository;

import java.util.List;
import java.util.Optional;

import static dev.playtrace.store.clickhouse.ClickHouseTables.RATE_LIMIT_BUCKETS;

/**
 * Rate-limit buckets as versioned rows; insert-if-absent and compare-and-set read the bucket and write its next
 * version under {@link CheckThenWrite}, so they are exact among the callers of this store.
 */
final class ClickHouseRateLimits implements RateLimitRepository {
    private final ClickHouseHttp http;
    private final VersionClock clock;
    private final CheckThenWrite checkThenWrite;

    ClickHouseRateLimits(ClickHouseHttp http, VersionClock clock, CheckThenWrite checkThenWrite) {
        this.http = http;
        this.clock = clock;
        this.checkThenWrite = checkThenWrite;
    }

    @Override
    public Optional<RateLimitBucket> findBucket(String key) {
        return RATE_LIMIT_BUCKETS.select(http, "WHERE bucket_key = ?", List.of(key)).stream()
                .map(row -> new RateLimitBucket(row.text("bucket_key"), row.doubleOrNull("tokens"),
                        row.longOrZero("updated_at_ms")))
                .findFirst();
    }

    @Override
    public boolean insertBucket(RateLimitBucket bucket) {
        return checkThenWrite.run(() -> {
            if (findBucket(bucket.key()).isPresent()) {
                return false;
            }
            write(bucket);
            return true;
        });
    }

    @Override
    public boolean replaceBucket(RateLimitBucket expected, RateLimitBucket next) {
        return checkThenWrite.run(() -> {
            // tokens travel as text in Java's shortest round-trip form, so equality of doubles is exact
            if (!findBucket(expected.key()).equals(Optional.of(expected))) {
                return false;
            }
            write(next);
            return true;
        });
    }

    private void write(RateLimitBucket bucket) {
        RATE_LIMIT_BUCKETS.upsert(http, clock.next(), List.<Object[]>of(new Object[] {bucket.key(), bucket.tokens(),
                bucket.updatedAtMs()}));
    }
}
