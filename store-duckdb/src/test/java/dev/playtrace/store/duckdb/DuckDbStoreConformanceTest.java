package dev.playtrace.store.duckdb;

import dev.playtrace.store.spi.ViewStore;
import dev.playtrace.store.conformance.StoreConformanceTest;

class DuckDbStoreConformanceTest extends StoreConformanceTest {
    @Override
    protected ViewStore openStore() {
        return DuckDbStore.inMemory();
    }
}
