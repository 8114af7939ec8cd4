package dev.playtrace.bench.run;

import dev.playtrace.store.clickhouse.ClickHouseProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * ClickHouse servers on data directories kept between benchmark runs: one server, or the shards of one cluster
 * ({@value #CLUSTER}, each server's {@code remote_servers} naming all of them, the first one's first, as the store's
 * sharding tests start them). The ports are new on every start; the data (databases, tables, parts) stays. Stopped by
 * {@link #close()} and, should the benchmark be interrupted, by a shutdown hook.
 */
final class KeptClickHouse implements AutoCloseable {
    static final String CLUSTER = "bench_shards";

    private final List<ClickHouseProcess> servers;
    private final List<Integer> tcpPorts;
    private final Thread stopOnExit;

    private KeptClickHouse(List<ClickHouseProcess> servers, List<Integer> tcpPorts) {
        this.servers = servers;
        this.tcpPorts = tcpPorts;
        this.stopOnExit = new Thread(this::stopAll, "bench-kept-clickhouse-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** One server on {@code directory}. */
    static KeptClickHouse oneServer(Path directory) {
        return start(List.of(directory), false);
    }

    /** The shards of {@value #CLUSTER}, one server on each directory, in this order. */
    static KeptClickHouse shards(List<Path> directories) {
        return start(directories, true);
    }

    private static KeptClickHouse start(List<Path> directories, boolean cluster) {
        List<Integer> httpPorts = new ArrayList<>();
        List<Integer> tcpPorts = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            httpPorts.add(ClickHouseProcess.freePort());
            tcpPorts.add(ClickHouseProcess.freePort());
        }
        String remoteServers = !cluster ? "" : "<" + CLUSTER + ">" + tcpPorts.stream()
                .map(port -> "<shard><replica><host>127.0.0.1</host><port>" + port + "</port></replica></shard>")
                .collect(Collectors.joining()) + "</" + CLUSTER + ">";
        List<ClickHouseProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < directories.size(); i++) {
                started.add(ClickHouseProcess.startKeepingData(directories.get(i), httpPorts.get(i), tcpPorts.get(i),
                        remoteServers));
            }
        } catch (RuntimeException e) {
            started.forEach(ClickHouseProcess::stop);
            throw e;
        }
        return new KeptClickHouse(List.copyOf(started), List.copyOf(tcpPorts));
    }

    /** The HTTP ports, the first server's first. */
    List<Integer> httpPorts() {
        return servers.stream().map(ClickHouseProcess::httpPort).toList();
    }

    /** The native-protocol port of the first server (what another server's {@code remote()} reads from). */
    int firstTcpPort() {
        return tcpPorts.getFirst();
    }

    /** The store URL of {@code database} on these servers: sharded ({@code ?cluster=}) when there are several. */
    String storeUrl(String database) {
        String hosts = httpPorts().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        return "clickhouse://" + hosts + "/" + database + (servers.size() > 1 ? "?cluster=" + CLUSTER : "");
    }

    @Override
    public void close() {
        stopAll();
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }

    private void stopAll() {
        servers.forEach(ClickHouseProcess::stop);
    }
}
