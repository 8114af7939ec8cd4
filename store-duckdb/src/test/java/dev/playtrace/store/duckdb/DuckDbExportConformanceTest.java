package dev.playtrace.store.duckdb;

import dev.playtrace.store.conformance.ExportConformanceTest;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;

/** The DuckDB store's exports, opened by URL as the server opens it. */
class DuckDbExportConformanceTest extends ExportConformanceTest {
    @Override
    protected PlaytraceStore openStore() {
        return PlaytraceStores.open("duckdb::memory:");
    }
}
