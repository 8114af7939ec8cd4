package dev.playtrace.store.duckdb;

import dev.playtrace.query.spi.ViewStore;
import dev.playtrace.store.conformance.StoreConformanceTest;

class DuckDbStoreConformanceTest extends StoreConformanceTest {
    @Override
    protected ViewStore openStore() {
        return DuckDbStore.inMemory();
    }
}
