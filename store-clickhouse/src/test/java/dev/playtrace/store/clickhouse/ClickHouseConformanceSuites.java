package dev.playtrace.store.clickhouse;

import dev.playtrace.store.conformance.ExportConformanceTest;
import dev.playtrace.store.conformance.RepositoryConformanceTest;
import dev.playtrace.store.conformance.StoreBehavior;
import dev.playtrace.store.conformance.StoreConformanceTest;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.ViewStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import java.util.ArrayList;
import java.util.List;

/**
 * The conformance suites run against a ClickHouse store opened by URL as the server opens it, each test in a
 * database of its own; a subclass says which servers. The ClickHouse store does not keep the hourly rollup
 * ({@code maintainsViewRollup()} is false), so the rollup suite is not run.
 */
abstract class ClickHouseConformanceSuites {
    /** A URL of a new database on the servers under test. */
    protected abstract String newStoreUrl();

    /** Whether the (first) server writes Parquet: ClickHouse's own output format from 19.x on, asked, not assumed. */
    protected abstract boolean writesParquet();

    @Nested
    class Views extends StoreConformanceTest {
        private final List<PlaytraceStore> opened = new ArrayList<>();

        @Override
        protected ViewStore openStore() {
            PlaytraceStore store = PlaytraceStores.open(newStoreUrl());
            opened.add(store);
            return store.views();
        }

        @AfterEach
        void closeStores() {
            opened.forEach(PlaytraceStore::close);
        }
    }

    @Nested
    class Repositories extends RepositoryConformanceTest {
        private String url;

        @Override
        protected PlaytraceStore openStore() {
            url = newStoreUrl();
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
            return PlaytraceStores.open(newStoreUrl());
        }

        @Override
        protected boolean hasBehavior(StoreBehavior behavior) {
            return behavior != StoreBehavior.SUPPORTS_PARQUET_EXPORT || writesParquet();
        }
    }
}
