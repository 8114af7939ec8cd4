package dev.playtrace.store.clickhouse;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Two ClickHouse 18.16 servers on loopback as the two shards of one cluster ({@value #CLUSTER}, one replica each),
 * for the sharded store: each server is a {@link ClickHouseProcess} whose {@code remote_servers} names both. Started
 * once per test JVM by the first test class that registers it and stopped at the end of the run (or from a shutdown
 * hook), as {@link ClickHouseTestServer}. Each call of {@link #newStoreUrl()} names a new database.
 */
public final class ClickHouseTestCluster implements BeforeAllCallback {
    static final String CLUSTER = "playtrace_test_shards";
    private static final int SHARDS = 2;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static List<ClickHouseProcess> servers;

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    /** A sharded store URL ({@code clickhouse://a,b/db?cluster=...}) of a new, empty database on both servers. */
    public static String newStoreUrl() {
        return storeUrl(newDatabaseName());
    }

    /** The sharded store URL of {@code database} on both servers. */
    static String storeUrl(String database) {
        return "clickhouse://" + httpPorts().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","))
                + "/" + database + "?cluster=" + CLUSTER;
    }

    static String newDatabaseName() {
        return "sharded_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    }

    /** The HTTP ports of the shards, the first server's first. */
    static List<Integer> httpPorts() {
        if (servers == null) {
            throw new IllegalStateException("the ClickHouse test cluster is not running: register ClickHouseTestCluster"
                    + " with @ExtendWith on the test class");
        }
        return servers.stream().map(ClickHouseProcess::httpPort).toList();
    }

    private static synchronized void start(ExtensionContext context) {
        if (servers != null) {
            return;
        }
        servers = startServers();
        Thread hook = new Thread(() -> servers.forEach(ClickHouseProcess::stop), "clickhouse-test-cluster-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // closed when the root context closes, at the end of the test run
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(ClickHouseTestCluster.class,
                (ExtensionContext.Store.CloseableResource) () -> {
                    servers.forEach(ClickHouseProcess::stop);
                    Runtime.getRuntime().removeShutdownHook(hook);
                });
    }

    /**
     * Starts {@value #SHARDS} servers, each with a {@code remote_servers} naming all of them as the shards of
     * {@value #CLUSTER}, the first server's first; the caller stops them.
     */
    static List<ClickHouseProcess> startServers() {
        List<Integer> tcpPorts = new ArrayList<>();
        List<Integer> httpPorts = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            tcpPorts.add(ClickHouseProcess.freePort());
            httpPorts.add(ClickHouseProcess.freePort());
        }
        String remoteServers = "<" + CLUSTER + ">" + tcpPorts.stream()
                .map(port -> "<shard><replica><host>127.0.0.1</host><port>" + port + "</port></replica></shard>")
                .collect(Collectors.joining()) + "</" + CLUSTER + ">";
        List<ClickHouseProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < SHARDS; i++) {
                started.add(ClickHouseProcess.start(httpPorts.get(i), tcpPorts.get(i), remoteServers));
            }
        } catch (RuntimeException e) {
            started.forEach(ClickHouseProcess::stop);
            throw e;
        }
        return List.copyOf(started);
    }
}
