package dev.playtrace.store.clickhouse;

import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.StoreProvider;

/**
 * Opens {@code clickhouse://host:8123/database} (optionally {@code ?user=...&password=...}): the database on that
 * ClickHouse server, created with its tables when missing.
 */
public final class ClickHouseStoreProvider implements StoreProvider {
    public static final String SCHEME = "clickhouse";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public PlaytraceStore open(String location) {
        return ClickHouseStore.open(ClickHouseLocation.parse(location));
    }
}
