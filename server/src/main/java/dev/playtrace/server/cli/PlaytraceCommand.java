package dev.playtrace.server.cli;

import dev.playtrace.bus.kafka.KafkaBusAddress;
import dev.playtrace.bus.local.LocalLogBus;
import dev.playtrace.ingest.session.SessionizerSettings;
import dev.playtrace.server.PlaytraceServer;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.ServerRole;
import dev.playtrace.server.exports.DailyExportSettings;
import dev.playtrace.server.facade.FacadeSettings;
import dev.playtrace.server.facade.apivideo.ApiVideoFacade;
import dev.playtrace.server.http.ListenerSettings;
import dev.playtrace.store.spi.ExportFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The {@code playtrace} command line: {@code serve}, {@code projects create|list}, {@code tokens create}, {@code export}. */
@Command(name = "playtrace", mixinStandardHelpOptions = true, version = "playtrace 0.1.0",
        description = "Self-hosted video playback analytics.",
        subcommands = {PlaytraceCommand.Serve.class, ProjectsCommand.class, TokensCommand.class, ExportCommand.class,
                CredentialsCommand.class})
public final class PlaytraceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlaytraceCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options shared by every command that opens the data directory and the store. */
    static final class DataDirOption {
        @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--store", description = "The store, as scheme:location (default: duckdb:<data dir>/"
                + ServerConfig.DEFAULT_DATABASE_FILE + ").")
        String storeUrl;

        String storeUrlOrDefault() {
            return storeUrl == null || storeUrl.isBlank() ? ServerConfig.defaultStoreUrl(dataDir) : storeUrl;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
    static final class Serve implements Runnable {
        /** The exit status when the HTTP listener died (EX_SOFTWARE). */
        static final int LISTENER_DEAD_EXIT_CODE = 70;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DataDirOption data = new DataDirOption();

        @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--host", defaultValue = ListenerSettings.ALL_INTERFACES, description = "Address to listen on:"
                + " 0.0.0.0 every interface (default), 127.0.0.1 this machine only (behind a local proxy), or one"
                + " interface's address.")
        String host;

        @Option(names = "--max-connections-per-address", description = "Connections one client address may hold at"
                + " once (default: half of the connection cap; raise it to the cap behind a reverse proxy).")
        Integer maxConnectionsPerAddress;

        @Option(names = "--demo", description = "Fill the default project with 7 days of simulated viewing plus live viewers.")
        boolean demo;

        @Option(names = "--view-timeout", defaultValue = "120", description = "Seconds without events before a view is closed as dropped (default: ${DEFAULT-VALUE}).")
        long viewTimeoutSeconds;

        @Option(names = "--mmdb", description = "Optional MMDB file for IP-to-country lookups.")
        Path mmdbFile;

        @Option(names = "--max-unstored-events", defaultValue = "200000", description = "Acknowledged events not yet in"
                + " the store before beacons are answered 503 with Retry-After (default: ${DEFAULT-VALUE}).")
        long maxUnstoredEvents;

        @Option(names = "--max-views-in-memory", defaultValue = "" + SessionizerSettings.DEFAULT_MAX_VIEWS_IN_MEMORY,
                description = "Views the sessionizer holds in full (about 1.5 KB each); over it the least recently"
                        + " active stored ones are released and reloaded from the store on their next event"
                        + " (default: ${DEFAULT-VALUE}).")
        int maxViewsInMemory;

        @Option(names = "--bus", description = "The event bus between collectors and sessionizers: kafka://host:port"
                + "[,host:port...][/topic] (default: the embedded ingest log in the data directory).")
        String busUrl;

        @Option(names = "--role", defaultValue = "all", description = "collector (takes beacons, publishes them to"
                + " --bus), sessionizer (a worker of --bus's consumer group, writes views), query (answers queries"
                + " only, needs no bus) or all (default: ${DEFAULT-VALUE}). Every role serves the query APIs.")
        String role;

        @Option(names = "--scheduler", description = "Scaled out (--bus or --role query): this node evaluates alerts,"
                + " sends webhooks and writes the daily exports. Start exactly one node with it (embedded, the one"
                + " node always does).")
        boolean scheduler;

        @Option(names = "--export-dir", description = "Write each project's closed UTC days into this directory"
                + " (views and events files and a manifest.json per day; default: off).")
        Path exportDir;

        @Option(names = "--export-format", defaultValue = "parquet", description = "Format of the daily export:"
                + " parquet, csv or ndjson (default: ${DEFAULT-VALUE}).")
        String exportFormat;

        @Override
        public void run() {
            ServerConfig config = config();
            // a dead listener cannot be revived in-process: exit, so that the supervisor starts a new server
            PlaytraceServer.onListenerDeath(() -> new Thread(() -> System.exit(LISTENER_DEAD_EXIT_CODE),
                    "playtrace-listener-dead-exit").start());
            PlaytraceServer server = PlaytraceServer.start(config, Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "playtrace-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The server's settings from the options and the environment; a wrong option is a ParameterException. */
        ServerConfig config() {
            if (maxViewsInMemory < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--max-views-in-memory must not be negative; got " + maxViewsInMemory);
            }
            ServerConfig config = new ServerConfig(port, data.dataDir, demo, Duration.ofSeconds(viewTimeoutSeconds),
                    mmdbFile, Environment.fixedProject(System.getenv()), ServerConfig.DEFAULT_MAX_BEACON_BYTES,
                    System.getenv());
            LocalLogBus.Limits defaults = LocalLogBus.Limits.DEFAULTS;
            config = config.withBusLimits(new LocalLogBus.Limits(maxUnstoredEvents, defaults.maxUnstoredBytes(),
                            defaults.segmentBytes(), defaults.retryAfter()))
                    .withStoreUrl(data.storeUrlOrDefault())
                    .withFacadeSettings(Environment.facadeSettings(System.getenv()))
                    .withDailyExports(exportDir == null ? null : new DailyExportSettings(exportDir,
                            ExportFormat.byName(exportFormat).orElseThrow(() -> new CommandLine.ParameterException(
                                    new CommandLine(this), "--export-format must be parquet, csv or ndjson; got '"
                                            + exportFormat + "'"))));
            config = config.withScaleOut(scaleOut());
            ListenerSettings listener = config.listener().withHost(host);
            try {
                listener.bindAddress();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
            if (maxConnectionsPerAddress != null && maxConnectionsPerAddress < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--max-connections-per-address must be at least 1; got " + maxConnectionsPerAddress);
            }
            return config.withListener(maxConnectionsPerAddress == null ? listener
                            : listener.withMaxConnectionsPerAddress(maxConnectionsPerAddress))
                    .withMaxViewsInMemory(maxViewsInMemory);
        }

        private ServerConfig.ScaleOut scaleOut() {
            ServerRole serverRole = ServerRole.byName(role).orElseThrow(() -> refused(
                    "--role must be collector, sessionizer, query or all; got '" + role + "'"));
            boolean noBus = busUrl == null || busUrl.isBlank();
            if (noBus && serverRole == ServerRole.ALL) {
                if (scheduler) {
                    throw refused("--scheduler is for scaled-out nodes; the embedded node always runs the schedules");
                }
                return null;
            }
            if (noBus && serverRole.usesBus()) {
                throw refused("--role " + role + " needs a shared bus: add --bus kafka://host:port");
            }
            if (demo) {
                throw refused("--demo runs on the embedded bus only");
            }
            if (exportDir != null && !scheduler) {
                throw refused("--export-dir needs --scheduler on a scaled-out node: the daily export runs on the one"
                        + " node started with --scheduler");
            }
            // a query node needs no bus: one given (the same command line for every node) is not connected to
            if (!serverRole.usesBus()) {
                return new ServerConfig.ScaleOut(serverRole, null, scheduler);
            }
            try {
                return new ServerConfig.ScaleOut(serverRole, KafkaBusAddress.parse(busUrl), scheduler);
            } catch (IllegalArgumentException e) {
                throw refused("--bus: " + e.getMessage());
            }
        }

        private CommandLine.ParameterException refused(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** Reads the settings that come from the environment: the default project's identity, the facades' settings. */
    static final class Environment {
        private Environment() {
        }

        static ServerConfig.FixedProject fixedProject(Map<String, String> environment) {
            String projectId = environment.get("PLAYTRACE_PROJECT_ID");
            String ingestKey = environment.get("PLAYTRACE_INGEST_KEY");
            String token = environment.get("PLAYTRACE_API_TOKEN");
            if (projectId == null && ingestKey == null && token == null) {
                return null;
            }
            if (projectId == null || ingestKey == null || token == null || !token.contains(":")) {
                throw new CommandLine.ParameterException(new CommandLine(new PlaytraceCommand()),
                        "set all of PLAYTRACE_PROJECT_ID, PLAYTRACE_INGEST_KEY and PLAYTRACE_API_TOKEN (token_id:token_secret), or none");
            }
            int colon = token.indexOf(':');
            return new ServerConfig.FixedProject(projectId, ingestKey, token.substring(0, colon), token.substring(colon + 1));
        }

        static FacadeSettings facadeSettings(Map<String, String> environment) {
            return new FacadeSettings(positiveInt(environment, ApiVideoFacade.RATE_LIMIT_VARIABLE,
                    FacadeSettings.DEFAULT_APIVIDEO_RATE_LIMIT));
        }

        private static int positiveInt(Map<String, String> environment, String variable, int defaultValue) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed >= 1) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.ParameterException(new CommandLine(new PlaytraceCommand()),
                    variable + " must be a positive integer, was '" + value + "'");
        }
    }
}
