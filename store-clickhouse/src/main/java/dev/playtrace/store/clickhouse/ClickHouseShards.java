package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewTable;

import java.util.List;

/**
 * The sharded layout of a store whose URL names a cluster: the views and events tables on every server of the
 * cluster (as {@code views_local} and {@code event_log_local}), and on the entry server {@code Distributed} tables
 * named {@code views} and {@code event_log} over them, so that every query and insert stays as it is unsharded.
 *
 * <p>Both tables are sharded by {@code cityHash64(view_id)}: every version of a view and every event of it land on
 * one shard, so {@code FINAL} (which each shard applies to its own rows) still keeps exactly one version per view.
 * ClickHouse creates a table on several servers at once only through ZooKeeper ({@code ON CLUSTER}); the store creates
 * them on each server over HTTP instead, which is why the URL names every server of the cluster.
 */
final class ClickHouseShards {
    static final String SHARDING_KEY = "cityHash64(view_id)";
    private static final String LOCAL_SUFFIX = "_local";
    private static final String DISTRIBUTED_ENGINE = "Distributed";

    private ClickHouseShards() {
    }

    /** The name of a sharded table's part on each server. */
    static String localName(String table) {
        return table + LOCAL_SUFFIX;
    }

    /**
     * Checks that the URL names exactly the servers of the cluster, then runs {@code localTables} (idempotent
     * {@code CREATE ... IF NOT EXISTS}) in the database on each of them.
     */
    static void create(ClickHouseHttp entry, ClickHouseLocation location, List<String> localTables) {
        String cluster = location.cluster().orElseThrow();
        long clusterServers = entry.select("SELECT count() AS n FROM system.clusters WHERE cluster = "
                + SqlLiterals.quoted(cluster)).getFirst().longOrZero("n");
        if (clusterServers == 0) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the ClickHouse server " + location.entryServer()
                    + " has no cluster '" + cluster + "' in its remote_servers configuration");
        }
        if (clusterServers != location.servers().size()) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the ClickHouse cluster '" + cluster + "' has "
                    + clusterServers + " servers in the configuration of " + location.entryServer()
                    + ", but the store URL names " + location.servers().size() + ": name every server of the cluster"
                    + " (their HTTP ports), the entry server first");
        }
        for (ClickHouseLocation.Server server : location.servers()) {
            try (ClickHouseHttp http = new ClickHouseHttp(location.onServer(server))) {
                http.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + location.database());
                long asItself = http.select("SELECT count() AS n FROM system.clusters WHERE cluster = "
                        + SqlLiterals.quoted(cluster) + " AND is_local = 1").getFirst().longOrZero("n");
                if (asItself == 0) {
                    throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the ClickHouse server " + server
                            + " named in the store URL does not find itself in cluster '" + cluster
                            + "' of its own remote_servers configuration (no host and TCP port of the cluster is its own)");
                }
                localTables.forEach(http::execute);
            }
        }
    }

    /** The Distributed table {@code table} over {@code table_local} on every server of the cluster. */
    static String distributedTable(ClickHouseLocation location, String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " AS " + localName(table) + " ENGINE = " + DISTRIBUTED_ENGINE
                + "(" + SqlLiterals.quoted(location.cluster().orElseThrow()) + ", "
                + SqlLiterals.quoted(location.database()) + ", " + SqlLiterals.quoted(localName(table)) + ", "
                + SHARDING_KEY + ")";
    }

    /**
     * Refuses to open a database whose views were created with the other layout: a sharded store over unsharded
     * tables would keep writing to the entry server alone, and the reverse would bypass the shards.
     */
    static void verifyLayout(ClickHouseHttp entry, ClickHouseLocation location) {
        List<StoreRow> rows = entry.select("SELECT engine FROM system.tables WHERE database = "
                + SqlLiterals.quoted(location.database()) + " AND name = " + SqlLiterals.quoted(ViewTable.NAME));
        if (rows.isEmpty()) {
            return;
        }
        boolean distributed = rows.getFirst().text("engine").equals(DISTRIBUTED_ENGINE);
        if (distributed && !location.isSharded()) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the ClickHouse database '" + location.database()
                    + "' is sharded (its views table is Distributed): open it with ?cluster=name and every server");
        }
        if (!distributed && location.isSharded()) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the ClickHouse database '" + location.database()
                    + "' was created unsharded (its views table is " + rows.getFirst().text("engine")
                    + "); a sharded store needs a new database");
        }
    }
}
