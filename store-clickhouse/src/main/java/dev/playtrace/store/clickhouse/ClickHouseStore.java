package dev.playtrace.store.clickhouse;

import dev.playtrace.store.spi.AlertRepository;
import dev.playtrace.store.spi.EncodingJobRepository;
import dev.playtrace.store.spi.ExportRepository;
import dev.playtrace.store.spi.IssuedTokenRepository;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.store.spi.RateLimitRepository;
import dev.playtrace.store.spi.ViewStore;

/**
 * A Playtrace store in one ClickHouse database, reached over HTTP. Every repository shares one HTTP client, one
 * {@link VersionClock} for row versions and one {@link CheckThenWrite} for its read-check-write operations.
 */
final class ClickHouseStore implements PlaytraceStore {
    private final ClickHouseHttp http;
    private final ClickHouseViewStore views;
    private final ClickHouseProjects projects;
    private final ClickHouseEncodingJobs encodingJobs;
    private final ClickHouseIssuedTokens issuedTokens;
    private final ClickHouseRateLimits rateLimits;
    private final ClickHouseExports exports;
    private final ClickHouseAlerts alerts;

    private ClickHouseStore(ClickHouseHttp http) {
        VersionClock clock = new VersionClock();
        CheckThenWrite checkThenWrite = new CheckThenWrite();
        Claims claims = new Claims(http);
        this.http = http;
        this.views = new ClickHouseViewStore(http, clock);
        this.projects = new ClickHouseProjects(http, clock, checkThenWrite);
        this.encodingJobs = new ClickHouseEncodingJobs(http, clock, checkThenWrite, claims);
        this.issuedTokens = new ClickHouseIssuedTokens(http, clock, checkThenWrite, claims);
        this.rateLimits = new ClickHouseRateLimits(http, checkThenWrite, claims);
        this.exports = new ClickHouseExports(http);
        this.alerts = new ClickHouseAlerts(http, clock, checkThenWrite, claims);
    }

    /** Connects, creates the database and tables that are missing, and checks the schema version. */
    static ClickHouseStore open(ClickHouseLocation location) {
        ClickHouseHttp http = new ClickHouseHttp(location);
        try {
            ClickHouseSchema.createOrVerify(http, location);
            return new ClickHouseStore(http);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    @Override
    public ViewStore views() {
        return views;
    }

    @Override
    public ProjectRepository projects() {
        return projects;
    }

    @Override
    public EncodingJobRepository encodingJobs() {
        return encodingJobs;
    }

    @Override
    public IssuedTokenRepository issuedTokens() {
        return issuedTokens;
    }

    @Override
    public RateLimitRepository rateLimits() {
        return rateLimits;
    }

    @Override
    public ExportRepository exports() {
        return exports;
    }

    @Override
    public AlertRepository alerts() {
        return alerts;
    }

    /** Every write was acknowledged by ClickHouse when it returned, so there is nothing to flush. */
    @Override
    public void close() {
        http.close();
    }
}
