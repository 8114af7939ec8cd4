package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.StoreProvider;

import java.nio.file.Path;

/**
 * Opens {@code duckdb:<file>} (created with its parent directories if missing), or {@code duckdb:} /
 * {@code duckdb::memory:} for a database that lives in memory until closed.
 */
public final class DuckDbStoreProvider implements StoreProvider {
    public static final String SCHEME = "duckdb";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public PlaytraceStore open(String location) {
        if (location.isEmpty() || location.equals(":memory:")) {
            return DuckDbStore.inMemory();
        }
        return DuckDbStore.open(Path.of(location));
    }
}
