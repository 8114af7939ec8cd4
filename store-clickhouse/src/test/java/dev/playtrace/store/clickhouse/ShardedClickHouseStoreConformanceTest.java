package dev.playtrace.store.clickhouse;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance suites against two ClickHouse 18.16 servers as the two shards of one cluster (views and events
 * through Distributed tables, everything else on the first server).
 */
@ExtendWith(ClickHouseTestCluster.class)
class ShardedClickHouseStoreConformanceTest extends ClickHouseConformanceSuites {
    @Override
    protected String newStoreUrl() {
        return ClickHouseTestCluster.newStoreUrl();
    }

    @Override
    protected boolean writesParquet() {
        return ClickHouseTestServer.writesParquet(ClickHouseTestCluster.httpPorts().getFirst());
    }
}
