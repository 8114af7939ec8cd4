package dev.playtrace.store.clickhouse;

import org.junit.jupiter.api.extension.ExtendWith;

/** The conformance suites against one real ClickHouse 18.16. */
@ExtendWith(ClickHouseTestServer.class)
class ClickHouseStoreConformanceTest extends ClickHouseConformanceSuites {
    @Override
    protected String newStoreUrl() {
        return ClickHouseTestServer.newStoreUrl();
    }

    @Override
    protected boolean writesParquet() {
        return ClickHouseTestServer.writesParquet();
    }
}
