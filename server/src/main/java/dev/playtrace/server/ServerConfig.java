package dev.playtrace.server;

import dev.playtrace.bus.kafka.KafkaBusAddress;
import dev.playtrace.bus.local.LocalLogBus;
import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.server.exports.DailyExportSettings;
import dev.playtrace.server.facade.FacadeSettings;
import dev.playtrace.server.http.AuthenticationThrottle;
import dev.playtrace.server.http.ListenerSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Everything the composition root needs to start a server, read once from the command line and environment.
 *
 * @param port 0 picks a free port (tests)
 * @param mmdbFile optional IP-to-country database; null when absent
 * @param fixedProject the default project fixed by environment variables, or null to generate one
 * @param environment the process environment, handed to facades when they issue the default project's keys
 *        ({@code PLAYTRACE_APIVIDEO_API_KEY}, ...); facades never read the environment themselves
 * @param busLimits how much acknowledged but not yet stored work the ingest log holds before it answers 503
 * @param flushPeriod how often the sessionizer writes to the store (views reach queries within about this long)
 * @param storeUrl the store to open, {@code scheme:location} ({@code --store}; default {@link #defaultStoreUrl})
 * @param facadeSettings the vendor facades' settings
 * @param dailyExports the scheduled daily export ({@code --export-dir}, {@code --export-format}); null when off
 * @param listener the HTTP listener's timeouts and connection cap
 * @param authenticationLimits failed authentications allowed per client address and per credential id a minute
 * @param maxViewsInMemory views the sessionizer holds in full after a flush ({@code --max-views-in-memory}); over it
 *        the least recently active written ones are released and reloaded from the store on their next event
 */
public record ServerConfig(
        int port,
        Path dataDir,
        boolean demo,
        Duration viewTimeout,
        Path mmdbFile,
        FixedProject fixedProject,
        long maxBeaconBytes,
        Map<String, String> environment,
        LocalLogBus.Limits busLimits,
        Duration flushPeriod,
        String storeUrl,
        FacadeSettings facadeSettings,
        DailyExportSettings dailyExports,
        ListenerSettings listener,
        AuthenticationThrottle.Limits authenticationLimits,
        ScaleOut scaleOut,
        int maxViewsInMemory) {

    public static final long DEFAULT_MAX_BEACON_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_VIEW_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_FLUSH_PERIOD = Duration.ofMillis(500);
    /** The database file of the default store, in the data directory. */
    public static final String DEFAULT_DATABASE_FILE = "playtrace.duckdb";

    public ServerConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(viewTimeout, "viewTimeout is null");
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        requireNonNull(busLimits, "busLimits is null");
        requireNonNull(flushPeriod, "flushPeriod is null");
        requireNonNull(storeUrl, "storeUrl is null");
        requireNonNull(facadeSettings, "facadeSettings is null");
        requireNonNull(listener, "listener is null");
        requireNonNull(authenticationLimits, "authenticationLimits is null");
        if (maxViewsInMemory < 0) {
            throw new IllegalArgumentException("maxViewsInMemory must not be negative: " + maxViewsInMemory);
        }
        if (demo && scaleOut != null) {
            throw new IllegalArgumentException("the demo runs on the embedded bus only");
        }
    }

    /**
     * This node's role in a scale-out deployment; a config without one runs the embedded bus and does everything.
     * {@code bus} is null only for a query node, which needs none. {@code runsSchedules}: this node evaluates alerts,
     * sends webhooks and writes the daily exports; exactly one node of a deployment should (they are not safe to run
     * on several nodes at once).
     */
    public record ScaleOut(ServerRole role, KafkaBusAddress bus, boolean runsSchedules) {
        public ScaleOut {
            requireNonNull(role, "role is null");
            if (bus == null && role.usesBus()) {
                throw new IllegalArgumentException("--role " + role.cliName() + " needs a bus");
            }
        }

        /** A node that leaves the schedules to another. */
        public ScaleOut(ServerRole role, KafkaBusAddress bus) {
            this(role, bus, false);
        }
    }

    /** Whether this node evaluates alerts and writes daily exports: always embedded, on one chosen node scaled out. */
    public boolean runsSchedules() {
        return scaleOut == null || scaleOut.runsSchedules();
    }

    /** The default store and facade settings, the data directory's DuckDB file. */
    public ServerConfig(int port, Path dataDir, boolean demo, Duration viewTimeout, Path mmdbFile,
            FixedProject fixedProject, long maxBeaconBytes, Map<String, String> environment) {
        this(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                LocalLogBus.Limits.DEFAULTS, DEFAULT_FLUSH_PERIOD, defaultStoreUrl(dataDir), FacadeSettings.DEFAULTS, null,
                ListenerSettings.defaults(), AuthenticationThrottle.Limits.DEFAULTS, null,
                SessionizerSettings.DEFAULT_MAX_VIEWS_IN_MEMORY);
    }

    /** {@code duckdb:<data dir>/playtrace.duckdb}: the store every earlier version used. */
    public static String defaultStoreUrl(Path dataDir) {
        return "duckdb:" + dataDir.resolve(DEFAULT_DATABASE_FILE);
    }

    public ServerConfig withBusLimits(LocalLogBus.Limits limits) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                limits, flushPeriod, storeUrl, facadeSettings, dailyExports, listener, authenticationLimits, scaleOut,
                maxViewsInMemory);
    }

    public ServerConfig withFlushPeriod(Duration period) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                busLimits, period, storeUrl, facadeSettings, dailyExports, listener, authenticationLimits, scaleOut,
                maxViewsInMemory);
    }

    public ServerConfig withStoreUrl(String url) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                busLimits, flushPeriod, url, facadeSettings, dailyExports, listener, authenticationLimits, scaleOut,
                maxViewsInMemory);
    }

    public ServerConfig withFacadeSettings(FacadeSettings settings) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                busLimits, flushPeriod, storeUrl, settings, dailyExports, listener, authenticationLimits, scaleOut,
                maxViewsInMemory);
    }

    /** With the scheduled daily export on (settings) or off (null). */
    public ServerConfig withDailyExports(DailyExportSettings settings) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                busLimits, flushPeriod, storeUrl, facadeSettings, settings, listener, authenticationLimits, scaleOut,
                maxViewsInMemory);
    }

    /** With other listener timeouts or connection cap. */
    public ServerConfig withListener(ListenerSettings settings) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                busLimits, flushPeriod, storeUrl, facadeSettings, dailyExports, settings, authenticationLimits, scaleOut,
                maxViewsInMemory);
    }

    /** With a role on a Kafka bus (null: the embedded bus). */
    public ServerConfig withScaleOut(ScaleOut settings) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                busLimits, flushPeriod, storeUrl, facadeSettings, dailyExports, listener, authenticationLimits, settings,
                maxViewsInMemory);
    }

    /** With other limits on failed authentications. */
    public ServerConfig withAuthenticationLimits(AuthenticationThrottle.Limits limits) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                busLimits, flushPeriod, storeUrl, facadeSettings, dailyExports, listener, limits, scaleOut,
                maxViewsInMemory);
    }

    /** With another cap on the views the sessionizer holds in full. */
    public ServerConfig withMaxViewsInMemory(int maxViews) {
        return new ServerConfig(port, dataDir, demo, viewTimeout, mmdbFile, fixedProject, maxBeaconBytes, environment,
                busLimits, flushPeriod, storeUrl, facadeSettings, dailyExports, listener, authenticationLimits, scaleOut,
                maxViews);
    }

    /** The sessionizer's timeout and memory cap. */
    public SessionizerSettings sessionizerSettings() {
        return SessionizerSettings.DEFAULTS.withInactivityTimeout(viewTimeout).withMaxViewsInMemory(maxViewsInMemory);
    }

    /** The default project's identity from {@code PLAYTRACE_PROJECT_ID}, {@code PLAYTRACE_INGEST_KEY}, {@code PLAYTRACE_API_TOKEN}. */
    public record FixedProject(String projectId, String ingestKey, String tokenId, String tokenSecret) {
        public FixedProject {
            requireNonNull(projectId, "projectId is null");
            requireNonNull(ingestKey, "ingestKey is null");
            requireNonNull(tokenId, "tokenId is null");
            requireNonNull(tokenSecret, "tokenSecret is null");
        }
    }
}
