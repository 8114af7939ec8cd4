package dev.playtrace.store.clickhouse;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real ClickHouse for tests: Debian's {@code clickhouse-server} 18.16 (the only ClickHouse this machine's package
 * archive has, and the oldest release the store supports; current releases accept the same SQL), started once per test
 * JVM from this module's {@code clickhouse-config.xml} and {@code clickhouse-users.xml} with a scratch data directory and
 * free loopback ports. Registered as an extension: the server starts before the first test class that uses it and
 * stops (with every process it started) when the test run ends, or from a shutdown hook if the JVM dies first.
 * Each call of {@link #newStoreUrl()} names a new database, so each test starts empty. {@link ClickHouseTestCluster}
 * is the same with two servers as shards of one cluster.
 */
public final class ClickHouseTestServer implements BeforeAllCallback {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static ClickHouseProcess running;

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    /** A store URL of a new, empty database on the running server. */
    public static String newStoreUrl() {
        if (running == null) {
            throw new IllegalStateException("the ClickHouse test server is not running: register ClickHouseTestServer"
                    + " with @ExtendWith on the test class");
        }
        return "clickhouse://127.0.0.1:" + running.httpPort() + "/test_" + ProcessHandle.current().pid() + "_"
                + DATABASES.incrementAndGet();
    }

    static int httpPort() {
        return running.httpPort();
    }

    /** Whether the server lists Parquet among its output formats (19.x and later; 18.16 does not). */
    static boolean writesParquet() {
        return writesParquet(httpPort());
    }

    /** Whether the server at this loopback HTTP port lists Parquet among its output formats. */
    static boolean writesParquet(int httpPort) {
        try (ClickHouseHttp http = new ClickHouseHttp(new ClickHouseLocation("127.0.0.1", httpPort, "system",
                "default", ""))) {
            return http.select("SELECT count() AS n FROM system.formats WHERE name = 'Parquet' AND is_output = 1")
                    .getFirst().longOrZero("n") > 0;
        }
    }

    private static synchronized void start(ExtensionContext context) {
        if (running != null) {
            return;
        }
        running = ClickHouseProcess.start(ClickHouseProcess.freePort(), ClickHouseProcess.freePort(), "");
        Thread hook = new Thread(running::stop, "clickhouse-test-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // closed when the root context closes, at the end of the test run
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(ClickHouseTestServer.class,
                (ExtensionContext.Store.CloseableResource) () -> {
                    running.stop();
                    Runtime.getRuntime().removeShutdownHook(hook);
                });
    }
}
