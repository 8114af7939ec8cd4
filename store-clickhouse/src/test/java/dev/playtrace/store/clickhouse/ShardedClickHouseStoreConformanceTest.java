package dev.playtrace.store.clickhouse;

import dev.playtrace.store.conformance.ExportConformanceTest;
import dev.playtrace.store.conformance.RepositoryConformanceTest;
import dev.playtrace.store.conformance.StoreBehavior;
import dev.playtrace.store.conformance.StoreConformanceTest;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.ViewStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

/**
 * The sharded ClickHouse store runs the conformance suite against two ClickHouse 18.16 servers as the two shards of one
 * cluster (views and events through Distributed tables, everything else on the first server), opened by URL as the
 * server opens it, each test in a database of its own. As unsharded, the rollup suite is not run.
 */
@ExtendWith(ClickHouseTestCluster.class)
class ShardedClickHouseStoreConformanceTest {
    @Nested
    class Views extends StoreConformanceTest {
        private final List<PlaytraceStore> opened = new ArrayList<>();

        @Override
        protected ViewStore openStore() {
            PlaytraceStore store = PlaytraceStores.open(ClickHouseTestCluster.newStoreUrl());
            opened.add(store);
            return store.views();
        }

        @org.junit.jupiter.api.AfterEach
        void closeStores() {
            opened.forEach(PlaytraceStore::close);
        }
    }

    @Nested
    class Repositories extends RepositoryConformanceTest {
        private String url;

        @Override
        protected PlaytraceStore openStore() {
            url = ClickHouseTestCluster.newStoreUrl();
            return PlaytraceStores.open(url);
        }

        @Override
        protected PlaytraceStore reopenStore() {
            return PlaytraceStores.open(url);
        }
    }

    @Nested
    class Exports extends ExportConformanceTest {
        @Override
        protected PlaytraceStore openStore() {
            return PlaytraceStores.open(ClickHouseTestCluster.newStoreUrl());
        }

        /** Parquet is ClickHouse's own output format from 19.x on; the server is asked, not assumed. */
        @Override
        protected boolean hasBehavior(StoreBehavior behavior) {
            return behavior != StoreBehavior.SUPPORTS_PARQUET_EXPORT || ClickHouseTestServer.writesParquet(ClickHouseTestCluster.httpPorts().getFirst());
        }
    }
}
