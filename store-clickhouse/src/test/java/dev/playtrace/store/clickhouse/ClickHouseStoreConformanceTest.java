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
 * The ClickHouse store runs the conformance suite against a real ClickHouse 18.16, opened by URL as the server opens
 * it, each test in a database of its own. It does not keep the hourly rollup ({@code maintainsViewRollup()} is false),
 * so the rollup suite is not run.
 */
@ExtendWith(ClickHouseTestServer.class)
class ClickHouseStoreConformanceTest {
    @Nested
    class Views extends StoreConformanceTest {
        private final List<PlaytraceStore> opened = new ArrayList<>();

        @Override
        protected ViewStore openStore() {
            PlaytraceStore store = PlaytraceStores.open(ClickHouseTestServer.newStoreUrl());
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
            url = ClickHouseTestServer.newStoreUrl();
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
            return PlaytraceStores.open(ClickHouseTestServer.newStoreUrl());
        }

        /** Parquet is ClickHouse's own output format from 19.x on; the server is asked, not assumed. */
        @Override
        protected boolean hasBehavior(StoreBehavior behavior) {
            return behavior != StoreBehavior.SUPPORTS_PARQUET_EXPORT || ClickHouseTestServer.writesParquet();
        }
    }
}
