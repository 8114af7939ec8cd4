package dev.playtrace.store.duckdb;

import dev.playtrace.store.conformance.RepositoryConformanceTest;
import dev.playtrace.store.conformance.RollupConformanceTest;
import dev.playtrace.store.conformance.StoreConformanceTest;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.ViewStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The DuckDB store runs the whole conformance suite, opened by URL as the server opens it; it supports every behaviour. */
class DuckDbStoreConformanceTest {
    @Nested
    class Views extends StoreConformanceTest {
        @Override
        protected ViewStore openStore() {
            return PlaytraceStores.open("duckdb::memory:").views();
        }
    }

    @Nested
    class Rollups extends RollupConformanceTest {
        @Override
        protected ViewStore openStore() {
            return PlaytraceStores.open("duckdb::memory:").views();
        }
    }

    @Nested
    class Repositories extends RepositoryConformanceTest {
        @TempDir
        Path directory;

        @Override
        protected PlaytraceStore openStore() {
            return PlaytraceStores.open("duckdb:" + directory.resolve("conformance.duckdb"));
        }

        @Override
        protected PlaytraceStore reopenStore() {
            return openStore();
        }
    }
}
