package dev.playtrace.store.spi;

/**
 * One store: every repository the server needs, opened from a URL by a {@link StoreProvider} and closed as one.
 * Every repository is required; a store that cannot keep one of them is not a Playtrace store (the conformance
 * suite in {@code store-conformance} says what each must do).
 */
public interface PlaytraceStore extends AutoCloseable {
    /** Views, the event log and the generated SQL that reads them. */
    ViewStore views();

    /** Projects, their API tokens and the vendor API credentials. */
    ProjectRepository projects();

    /** Encoding jobs and categories reported by encoders. */
    EncodingJobRepository encodingJobs();

    /** Tokens the server issued (api.video access and refresh tokens), by hash, shared by every query node. */
    IssuedTokenRepository issuedTokens();

    /** Rate-limit buckets, shared by every query node. */
    RateLimitRepository rateLimits();

    /** Writes query rows to CSV, NDJSON or Parquet files with the store's own writer. */
    ExportRepository exports();
    /** Alert rules, incidents and webhook deliveries. */
    AlertRepository alerts();

    /** Reads running, waiting and cancelled; {@link StoreReadLoad#NOT_MEASURED} where the store does not count them. */
    default StoreReadLoad readLoad() {
        return StoreReadLoad.NOT_MEASURED;
    }

    /** Writes out what is pending and releases the store; later calls fail. */
    @Override
    void close();
}
