package dev.playtrace.store.conformance;

/**
 * What a store may not support, in the manner of Trino's {@code TestingConnectorBehavior}: the conformance suites
 * ask {@link RepositoryConformanceTest#hasBehavior} and, for a behaviour the store lacks, skip the tests that need
 * it. Every behaviour is supported unless the store's test says otherwise. The server needs all of them for several
 * query nodes; a store that lacks one is fit for a single node (or for tests) only.
 */
public enum StoreBehavior {
    /** What the store holds outlives {@code close()}: opening the same URL again finds it (an in-memory store lacks it). */
    SUPPORTS_REOPENING,
    /**
     * Compare-and-set operations ({@code replaceJob}, {@code insertBucket}, {@code replaceBucket},
     * {@code revokeToken}) stay exact when called from many threads at once: exactly one caller wins each race.
     */
    SUPPORTS_CONCURRENT_COMPARE_AND_SET,
    /**
     * The export repository writes Parquet (ClickHouse writes it from 19.x on; Debian's 18.16 has no Parquet format).
     * Without it, a Parquet export fails with {@code STORE_FAILURE}; CSV and NDJSON exports still work.
     */
    SUPPORTS_PARQUET_EXPORT,
}
