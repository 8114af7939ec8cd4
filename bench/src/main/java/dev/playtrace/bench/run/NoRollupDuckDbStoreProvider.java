package dev.playtrace.bench.run;

import dev.playtrace.store.duckdb.DuckDbStore;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.StoreProvider;

import java.nio.file.Path;

/**
 * {@value #SCHEME}{@code :<file>}: the embedded DuckDB store opened without rollup maintenance (its rollup cubes,
 * histogram and viewer sequence tables dropped, views and events written as before), so the ingest part can measure what keeping the
 * rollup costs under the same load. Registered for the benchmark's class path only; servers never offer it.
 */
public final class NoRollupDuckDbStoreProvider implements StoreProvider {
    static final String SCHEME = "duckdb-without-rollup";

    static String url(Path databaseFile) {
        return SCHEME + ":" + databaseFile;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public PlaytraceStore open(String location) {
        return DuckDbStore.open(Path.of(location), false);
    }
}
