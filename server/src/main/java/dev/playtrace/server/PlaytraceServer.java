package dev.playtrace.server;

import dev.playtrace.ingest.enrich.BackgroundUserAgentParser;
import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.MaxMindCountryLookup;
import dev.playtrace.ingest.enrich.YauaaUserAgentParser;
import dev.playtrace.ingest.pipeline.BeaconIngestor;
import dev.playtrace.ingest.bus.EventBus;
import dev.playtrace.query.QueryService;
import dev.playtrace.query.encoding.EncodingStatisticsService;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.server.alerts.AlertScheduler;
import dev.playtrace.server.alerts.Alerts;
import dev.playtrace.server.auth.IssuedTokens;
import dev.playtrace.server.auth.RateLimits;
import dev.playtrace.server.collector.BeaconCollector;
import dev.playtrace.server.collector.CachingIngestKeys;
import dev.playtrace.server.collector.GzipRequestDecoding;
import dev.playtrace.server.dashboard.DashboardRoutes;
import dev.playtrace.server.demo.DemoLoader;
import dev.playtrace.server.exports.DailyExportScheduler;
import dev.playtrace.server.exports.DailyExporter;
import dev.playtrace.server.exports.ExportSlots;
import dev.playtrace.server.exports.ExportTempFiles;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.facade.FacadeContext;
import dev.playtrace.server.facade.FacadeSettings;
import dev.playtrace.server.facade.Facades;
import dev.playtrace.server.http.AbandonedRequests;
import dev.playtrace.server.http.ApiAuthenticator;
import dev.playtrace.server.http.ConnectionsPerAddress;
import dev.playtrace.server.http.AuthenticationThrottle;
import dev.playtrace.server.http.HttpVersionSelector;
import dev.playtrace.server.http.KeepAliveAnnouncement;
import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.server.http.ListenerWatchdog;
import dev.playtrace.server.http.OversizedBodies;
import dev.playtrace.server.http.ReceiveListeners;
import dev.playtrace.server.http.RecordingRouting;
import dev.playtrace.server.http.RequestTimer;
import dev.playtrace.server.http.SlowRequestReaper;
import dev.playtrace.server.http.RouteHandlers;
import dev.playtrace.server.nativeapi.AdminTokens;
import dev.playtrace.server.nativeapi.EncodingJobsApi;
import dev.playtrace.server.nativeapi.ExportsApi;
import dev.playtrace.server.nativeapi.NativeApi;
import dev.playtrace.server.observe.OperationalRoutes;
import dev.playtrace.server.observe.ServerMetrics;
import dev.playtrace.server.pipeline.EmbeddedIngest;
import dev.playtrace.server.pipeline.IngestPath;
import dev.playtrace.server.pipeline.KafkaIngest;
import dev.playtrace.server.pipeline.QueryOnlyIngest;
import dev.playtrace.server.sdk.SdkRoutes;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.store.spi.ViewStore;
import io.helidon.common.context.Context;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The composition root: opens the store its configuration names, wires ingest, sessionizer, query engine and HTTP
 * routes, and stops them in order. The only place that reads settings (through {@link ServerConfig}).
 */
public final class PlaytraceServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PlaytraceServer.class.getName());
    static final String INGEST_LOG_DIRECTORY = "ingest-log";
    /** How often the alert scheduler wakes: rules run once a minute, due webhook retries at each tick. */
    private static final Duration ALERT_TICK = Duration.ofSeconds(5);
    /** The longest request line served: a 16 KiB request target plus method and version; longer is a 414. */
    /** The realm of the HTTP Basic schemes' {@code WWW-Authenticate} (the native API's token_id:token_secret). */
    public static final String BASIC_REALM = "Playtrace";
    static final int MAX_PROLOGUE_BYTES = 16 * 1024 + 32;
    /** How much of a refused oversized body is read so that its 413 arrives (a lingering close), before closing anyway. */
    static final long MAX_OVERSIZED_BODY_DRAIN_BYTES = 64L * 1024 * 1024;

    private final PlaytraceStore store;
    private final IngestPath ingest;
    private final WebServer webServer;
    private final ProjectAdmin.Credentials defaultProject;
    private final QueryService queries;
    private final DemoLoader demo;
    private final CountryLookup countries;
    private final ProjectAdmin admin;
    private final List<RecordingRouting.Route> routes;
    /** What the process does when its listener dies: nothing in tests and embedders; {@code serve} exits. */
    private static final AtomicReference<Runnable> LISTENER_DEATH_ACTION = new AtomicReference<>();

    private DailyExportScheduler dailyExports;
    private AlertScheduler alerts;
    private ExportSlots exportSlots;
    private ListenerWatchdog watchdog;
    private SlowRequestReaper slowRequests;
    private AbandonedRequests abandonedRequests;
    private boolean closed;

    private PlaytraceServer(PlaytraceStore store, IngestPath ingest, WebServer webServer,
            ProjectAdmin.Credentials defaultProject, QueryService queries, DemoLoader demo, CountryLookup countries,
            ProjectAdmin admin, List<RecordingRouting.Route> routes) {
        this.store = store;
        this.ingest = ingest;
        this.webServer = webServer;
        this.defaultProject = defaultProject;
        this.queries = queries;
        this.demo = demo;
        this.countries = countries;
        this.admin = admin;
        this.routes = routes;
    }

    public static PlaytraceServer start(ServerConfig config, Clock clock) {
        return start(config, clock, routing -> { });
    }

    /** Starts with extra routes (the benchmark's no-op baseline handler lives beside the real ones this way). */
    public static PlaytraceServer start(ServerConfig config, Clock clock, Consumer<HttpRouting.Builder> extraRoutes) {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        PlaytraceStore store = openStore(config.dataDir(), config.storeUrl()).store();
        ViewStore views = store.views();

        AtomicReference<IngestPath> ingestRef = new AtomicReference<>();
        ServerMetrics metrics = new ServerMetrics(() -> {
            IngestPath current = ingestRef.get();
            return current == null ? 0 : current.liveViewCount();
        });
        QueryService queries = new QueryEngine(views, clock);
        IngestPath ingest = openIngest(config, views, queries, metrics, clock);
        ingestRef.set(ingest);
        EventBus bus = ingest.bus();
        SecretBox secrets = SecretBox.forDataDir(config.dataDir());
        List<Facade> facades = Facades.all(facadeContext(queries, store, clock, metrics::requestTook, secrets,
                config.facadeSettings()));
        ProjectAdmin admin = new ProjectAdmin(store.projects(), clock, facades);
        DefaultProject.Ensured ensured = new DefaultProject(admin, secrets, config.dataDir())
                .ensure(config.fixedProject(), config.environment());
        ProjectAdmin.Credentials defaultProject = ensured.credentials();

        CountryLookup countries = config.mmdbFile() == null ? CountryLookup.none() : MaxMindCountryLookup.open(config.mmdbFile());
        BeaconIngestor ingestor = new BeaconIngestor(
                new CachingIngestKeys(store.projects()),
                // yauaa builds for ~5 s: queries, health and the dashboard are served meanwhile, beacons wait for it
                new BatchEnricher(BackgroundUserAgentParser.start(YauaaUserAgentParser::shared), countries), metrics);

        ApiAuthenticator authenticator = new ApiAuthenticator(store.projects());
        RouteHandlers<dev.playtrace.model.Project> nativeHandlers =
                RouteHandlers.json(authenticator::authenticate, NativeApi.ERRORS, metrics::requestTook)
                        .challengingBasic(BASIC_REALM);
        SlowRequestReaper slowRequests = SlowRequestReaper.start(config.listener().readTimeout());
        ConnectionsPerAddress connectionsPerAddress = new ConnectionsPerAddress(config.listener().maxConnectionsPerAddress());
        AbandonedRequests abandonedRequests = AbandonedRequests.start();
        long maxRequestBodyBytes = config.maxBeaconBytes() * 4;
        // first, so that the reaper's header clock bounds the time it reads an oversized body before closing
        OversizedBodies oversizedBodies = new OversizedBodies(maxRequestBodyBytes, MAX_OVERSIZED_BODY_DRAIN_BYTES);

        HttpRouting.Builder helidonRouting = HttpRouting.builder().addFilter(new KeepAliveAnnouncement(config.listener()))
                .addFilter(slowRequests).addFilter(connectionsPerAddress).addFilter(abandonedRequests);
        RecordingRouting routing = new RecordingRouting(helidonRouting);
        new BeaconCollector(ingestor, bus, metrics, clock, config.maxBeaconBytes()).register(routing);
        new NativeApi(queries, clock, nativeHandlers).register(routing);
        RouteHandlers<dev.playtrace.model.Project> adminHandlers = RouteHandlers.json(
                new AdminTokens(authenticator, store.projects())::authenticate, NativeApi.ERRORS, metrics::requestTook)
                .challengingBasic(BASIC_REALM);
        new EncodingJobsApi(store.encodingJobs(), new EncodingStatisticsService(store.encodingJobs(), clock), clock,
                nativeHandlers, adminHandlers).register(routing);
        ExportSqlGenerator exportSql = new ExportSqlGenerator(views.dialect());
        ExportSlots exportSlots = ExportSlots.standard();
        new ExportsApi(store.exports(), exportSql, ExportTempFiles.open(config.dataDir()), exportSlots,
                authenticator::authenticate, metrics::requestTook, clock).register(routing);
        Alerts alerts = new Alerts(store.alerts(), queries, clock, secrets, nativeHandlers, adminHandlers);
        alerts.api().register(routing);
        AtomicReference<ListenerWatchdog> watchdogRef = new AtomicReference<>();
        new OperationalRoutes(metrics, ingest::liveViewCount, schemeOf(config.storeUrl()), () -> {
            ListenerWatchdog watchdog = watchdogRef.get();
            return watchdog == null || watchdog.listening();
        }, ingest::failure).register(routing);
        facades.forEach(facade -> facade.register(routing));
        new SdkRoutes().register(routing);
        DashboardRoutes dashboard = new DashboardRoutes(defaultProject);
        dashboard.register(routing);
        extraRoutes.accept(routing);

        ListenerSettings listener = config.listener();
        Context serverContext = Context.create();
        // every RouteHandlers finds it in the request's context: failed authentications are limited on all schemes
        serverContext.register(new AuthenticationThrottle(config.authenticationLimits(), clock));
        WebServer webServer = WebServer.builder()
                .address(listener.bindAddress())
                .port(config.port())
                .serverContext(serverContext)
                // Helidon applies no read timeout on the server side: its idle-connection check closes a connection
                // waiting for (the rest of) a request line and headers; SlowRequestReaper drops stalled bodies
                .idleConnectionTimeout(listener.readTimeout())
                .idleConnectionPeriod(Duration.ofMillis(Math.max(250, listener.readTimeout().toMillis() / 4)))
                // more connections wait in the kernel's accept queue, holding none of our descriptors
                .maxTcpConnections(listener.maxConnections())
                // Helidon leaves Nagle's algorithm on: a response written in parts (a view page's JSON) then waited
                // for the client's delayed ACK, ~40 ms a request (55-70 ms for an 8 KB view page, 10 ms in process)
                .connectionOptions(options -> options.tcpNoDelay(true))
                // the only selector, so that the idle check sees silent connections too; HTTP/1.0 gets an answer
                .protocolsDiscoverServices(false)
                .addConnectionSelector(new HttpVersionSelector(Http1Config.builder()
                        // curl users type timeframe[]=... unencoded; Mux's SDKs encode it: accept both
                        .validatePrologue(false)
                        .maxPrologueLength(MAX_PROLOGUE_BYTES)
                        .addReceiveListener(ReceiveListeners.of(oversizedBodies, slowRequests, connectionsPerAddress,
                                abandonedRequests))
                        .build(), connectionsPerAddress))
                .maxPayloadSize(maxRequestBodyBytes)
                .shutdownHook(false)
                .contentEncoding(encodings -> encodings.contentEncodingsDiscoverServices(false)
                        .addContentEncoding(new GzipRequestDecoding()))
                .routing(helidonRouting)
                .build()
                .start();
        ListenerWatchdog watchdog = ListenerWatchdog.start(listener.probeAddress(webServer.port()),
                listener.livenessProbePeriod(), () -> {
                    Runnable action = LISTENER_DEATH_ACTION.get();
                    if (action != null) {
                        action.run();
                    }
                });
        watchdogRef.set(watchdog);
        registerListenerMetrics(metrics, store, connectionsPerAddress, abandonedRequests, watchdog);

        // ServerConfig takes the demo on the embedded bus only
        DemoLoader demo = config.demo()
                ? DemoLoader.start(ingestor, bus, ((EmbeddedIngest) ingest).flusher(), views, defaultProject.project(), config.dataDir(), clock)
                : null;
        PlaytraceServer server = new PlaytraceServer(store, ingest, webServer, defaultProject, queries, demo,
                countries, admin, routing.routes());
        server.watchdog = watchdog;
        server.slowRequests = slowRequests;
        server.abandonedRequests = abandonedRequests;
        if (config.dailyExports() != null && config.runsSchedules()) {
            server.dailyExports = new DailyExportScheduler(new DailyExporter(store.exports(), exportSql, clock), exportSql,
                    store.projects(), views, clock, config.dailyExports(), config.viewTimeout(), config.flushPeriod());
            server.dailyExports.start();
        }
        server.alerts = config.runsSchedules() ? alerts.scheduler().start(ALERT_TICK) : alerts.scheduler();
        server.exportSlots = exportSlots;
        System.out.println("Playtrace listening on http://" + listenHost(listener) + ":" + webServer.port());
        // secrets are printed once, when they are created; afterwards `playtrace credentials` prints them on request
        if (ensured.created()) {
            System.out.println(defaultProject.describe());
            System.out.println("dashboard:    " + dashboard.signedInLink(webServer.port()) + "   (signs in with the token above)");
        } else {
            System.out.println(defaultProject.describeWithoutSecrets());
            System.out.println("dashboard:    http://localhost:" + webServer.port()
                    + "/   (a signed-in link: ./playtrace credentials --port " + webServer.port() + ")");
        }
        return server;
    }

    /** The embedded log and sessionizer, this node's roles on a Kafka bus ({@code serve --bus --role}), or none. */
    private static IngestPath openIngest(ServerConfig config, ViewStore views, QueryService queries,
            ServerMetrics metrics, Clock clock) {
        ServerConfig.ScaleOut scaleOut = config.scaleOut();
        if (scaleOut == null) {
            return EmbeddedIngest.open(config.dataDir().resolve(INGEST_LOG_DIRECTORY), config.busLimits(), views,
                    queries.openViews(), metrics, clock, config.sessionizerSettings(), config.flushPeriod());
        }
        if (!scaleOut.role().usesBus()) {
            return new QueryOnlyIngest();
        }
        return KafkaIngest.open(scaleOut.role(), scaleOut.bus(), views, queries::openViews, clock,
                config.sessionizerSettings(), config.flushPeriod());
    }

    /** What to print for the listen address: localhost for every interface (as before), else the address bound. */
    private static String listenHost(ListenerSettings listener) {
        InetAddress bound = listener.bindAddress();
        if (bound.isAnyLocalAddress()) {
            return "localhost";
        }
        String literal = bound.getHostAddress();
        return literal.contains(":") ? "[" + literal + "]" : literal;
    }

    private static void registerListenerMetrics(ServerMetrics metrics, PlaytraceStore store,
            ConnectionsPerAddress connectionsPerAddress, AbandonedRequests abandonedRequests, ListenerWatchdog watchdog) {
        metrics.counter("playtrace_http_listener_probes_total",
                "Connections the liveness probe made to the server's own listen address", watchdog::probes);
        metrics.counter("playtrace_http_listener_probe_failures_total",
                "Liveness probes the listener did not accept", watchdog::failedProbes);
        metrics.counter("playtrace_http_connections_refused_total",
                "Connections refused because their client address held its maximum", connectionsPerAddress::refused);
        metrics.gauge("playtrace_http_connections_counted",
                "Open connections counted under their client address's cap", connectionsPerAddress::counted);
        metrics.counter("playtrace_http_requests_abandoned_total",
                "Read requests stopped because their client closed the connection", abandonedRequests::cancelled);
        metrics.gauge("playtrace_store_reads_running", "Store reads running now", () -> store.readLoad().running());
        metrics.gauge("playtrace_store_reads_waiting", "Store reads waiting for a reader", () -> store.readLoad().waiting());
        metrics.counter("playtrace_store_reads_cancelled_total", "Store reads cancelled because their caller gave up",
                () -> store.readLoad().cancelled());
    }

    /** Opens (creating if needed) the default store of a data directory ({@link ServerConfig#defaultStoreUrl}). */
    public static StoreHandle openStore(Path dataDir) {
        return openStore(dataDir, ServerConfig.defaultStoreUrl(dataDir));
    }

    /**
     * Opens the store of the URL, with the {@link dev.playtrace.store.spi.StoreProvider} of its scheme; the data
     * directory (server key, ingest log, default project) is created if needed, owner-only (0700 on POSIX, narrowed
     * if an older release made it readable by others: it holds every tenant's data).
     */
    public static StoreHandle openStore(Path dataDir, String storeUrl) {
        OwnerOnlyDirectories.create(dataDir);
        return new StoreHandle(PlaytraceStores.open(storeUrl), dataDir);
    }

    private static String schemeOf(String storeUrl) {
        return storeUrl.substring(0, storeUrl.indexOf(':'));
    }

    private static FacadeContext facadeContext(QueryService queries, PlaytraceStore store, Clock clock,
            RequestTimer timer, SecretBox secrets, FacadeSettings settings) {
        return new FacadeContext(queries, store, clock, timer, secrets, new IssuedTokens(store.issuedTokens(), clock),
                new RateLimits(store.rateLimits(), clock), settings);
    }

    /**
     * Sets what every server of this process does when its HTTP listener is found dead (the {@code serve} command
     * exits, so that a supervisor restarts it); /health reports the dead listener either way.
     */
    public static void onListenerDeath(Runnable action) {
        LISTENER_DEATH_ACTION.set(requireNonNull(action, "action is null"));
    }

    /** False once the HTTP listener stopped accepting connections for good. */
    public boolean listening() {
        return watchdog.listening();
    }

    public int port() {
        return webServer.port();
    }

    public ProjectAdmin.Credentials defaultProject() {
        return defaultProject;
    }

    public ProjectRepository projects() {
        return store.projects();
    }

    /** Every route the server serves, in the order they are matched. */
    public List<RecordingRouting.Route> routes() {
        return routes;
    }

    /** Creates projects with every facade's keys (tests; the CLI works on a stopped server's store instead). */
    public ProjectAdmin admin() {
        return admin;
    }

    /** The store the server runs on (embedders and tests that drive it directly). */
    public PlaytraceStore store() {
        return store;
    }

    public QueryService queries() {
        return queries;
    }

    /** Alert evaluation and webhook delivery (tests call {@link AlertScheduler#runOnce()} after moving the clock). */
    public AlertScheduler alerts() {
        return alerts;
    }

    /** The limit on concurrent exports (tests hold slots to stand for running exports). */
    public ExportSlots exportSlots() {
        return exportSlots;
    }

    /** Events acknowledged to clients and not yet in the store (the ingest log's backlog). */
    public long unstoredEvents() {
        return ingest.unstoredEvents();
    }

    /** Writes everything the sessionizer holds to the store now (tests). */
    public void flush() {
        ingest.flushNow();
    }

    /** Runs the daily export's check now, with the server's clock (tests); nothing when it is off. */
    public List<dev.playtrace.server.exports.DayManifest> runDueExports() {
        return dailyExports == null ? List.of() : dailyExports.runDue();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (dailyExports != null) {
            dailyExports.close();
        }
        if (demo != null) {
            demo.close();
        }
        alerts.close();
        watchdog.close();
        webServer.stop();
        slowRequests.close();
        abandonedRequests.close();
        ingest.close();
        store.close();
        if (countries instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warning("could not close the country database: " + e);
            }
        }
    }

    /** The store opened for a data directory, for the server and the CLI's project commands. */
    public record StoreHandle(PlaytraceStore store, Path dataDir) implements AutoCloseable {
        public StoreHandle {
            requireNonNull(store, "store is null");
            requireNonNull(dataDir, "dataDir is null");
        }

        public ProjectRepository projects() {
            return store.projects();
        }

        /**
         * The default project's keys with their secrets and the dashboard's signed-in link, as {@code playtrace
         * credentials} prints them (the keys are created if this data directory has none yet).
         */
        public String describeDefaultProject(Map<String, String> environment, int port) {
            ProjectAdmin.Credentials credentials = new DefaultProject(admin(Clock.systemUTC()),
                    SecretBox.forDataDir(dataDir), dataDir).ensure(null, environment).credentials();
            return credentials.describe() + "\ndashboard:    "
                    + new DashboardRoutes(credentials).signedInLink(port) + "   (signs in with the token above)";
        }

        /** Project administration with every facade's keys, as the running server would do it. */
        public ProjectAdmin admin(Clock clock) {
            QueryService queries = new QueryEngine(store.views(), clock);
            List<Facade> facades = Facades.all(facadeContext(queries, store, clock, (route, nanos) -> { },
                    SecretBox.forDataDir(dataDir), FacadeSettings.DEFAULTS));
            return new ProjectAdmin(store.projects(), clock, facades);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
