package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.Project;
import dev.playtrace.model.View;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.conformance.ViewBuilder;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.SqlStatement;
import dev.playtrace.store.spi.StoreRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the sharded store puts rows, and how it refuses a cluster it cannot use, against two ClickHouse 18.16 servers. */
@ExtendWith(ClickHouseTestCluster.class)
class ShardedClickHouseStoreTest {
    private static final long T0 = 1_704_067_200_000L;
    private static final int VIEWS = 300;
    private static final int VERSIONS = 3;
    private static final int EVENTS_PER_VERSION = 2;

    @Test
    void everyVersionAndEventOfAViewIsOnOneShardTheKeyChoseAndBothShardsHoldViewsRightAfterTheWriteReturns() {
        String database = ClickHouseTestCluster.newDatabaseName();
        List<View> latest = new ArrayList<>();
        try (PlaytraceStore store = PlaytraceStores.open(ClickHouseTestCluster.storeUrl(database))) {
            // each version in its own write, as a sessionizer writes a view again when more events arrive
            for (int version = 1; version <= VERSIONS; version++) {
                List<View> views = new ArrayList<>();
                List<PlayerEvent> events = new ArrayList<>();
                for (int i = 0; i < VIEWS; i++) {
                    String viewId = "view-" + i;
                    views.add(ViewBuilder.view(viewId, T0 + i).version(version).started(500)
                            .playing(1000L * version).build());
                    for (int e = 0; e < EVENTS_PER_VERSION; e++) {
                        long sequence = (long) (version - 1) * EVENTS_PER_VERSION + e + 1;
                        events.add(new PlayerEvent("p1", viewId, sequence, EventName.PLAYING, T0 + i + sequence,
                                T0 + i + sequence, 0L, T0 + i + sequence, Map.of()));
                    }
                }
                store.views().write(views, events, version);
                if (version == VERSIONS) {
                    latest.addAll(views);
                }
            }

            List<Set<String>> viewsByShard = new ArrayList<>();
            List<Integer> ports = ClickHouseTestCluster.httpPorts();
            for (int shard = 0; shard < ports.size(); shard++) {
                try (ClickHouseHttp http = onShard(ports.get(shard), database)) {
                    Set<String> viewIds = viewIds(http, "SELECT DISTINCT view_id FROM views_local");
                    Set<String> eventViewIds = viewIds(http, "SELECT DISTINCT view_id FROM event_log_local");
                    assertThat(eventViewIds).as("the views whose events are on shard %d", shard).isEqualTo(viewIds);
                    // the Distributed table sends a row to shard (cityHash64(view_id) % 2), each shard of weight 1
                    assertThat(viewIds(http, "SELECT DISTINCT view_id FROM views_local WHERE cityHash64(view_id) % "
                            + ports.size() + " != " + shard)).as("views on shard %d the key chose for another", shard)
                            .isEmpty();
                    assertThat(http.select("SELECT count() AS n FROM event_log_local").getFirst().longOrZero("n"))
                            .isEqualTo((long) VERSIONS * EVENTS_PER_VERSION * viewIds.size());
                    viewsByShard.add(viewIds);
                }
            }
            assertThat(viewsByShard.get(0)).doesNotContainAnyElementsOf(viewsByShard.get(1));
            assertThat(viewsByShard.get(0).size() + viewsByShard.get(1).size()).isEqualTo(VIEWS);
            assertThat(viewsByShard).allSatisfy(onShard -> assertThat(onShard).hasSizeGreaterThan(VIEWS / 3));

            // read through the Distributed tables: one row per view, its newest version, and every event once
            assertThat(store.views().select(new SqlStatement("SELECT count() AS n, min(version) AS oldest FROM views FINAL",
                    List.of())).getFirst()).satisfies(row -> {
                        assertThat(row.longOrZero("n")).isEqualTo(VIEWS);
                        assertThat(row.longOrZero("oldest")).isEqualTo(VERSIONS);
                    });
            assertThat(store.views().select(new SqlStatement("SELECT count() AS n FROM events", List.of())).getFirst()
                    .longOrZero("n")).isEqualTo((long) VIEWS * VERSIONS * EVENTS_PER_VERSION);
            QueryEngine engine = new QueryEngine(store.views(), Clock.systemUTC());
            for (View view : latest.subList(0, 20)) {
                assertThat(engine.view("p1", view.viewId())).contains(view);
            }
        }
    }

    @Test
    void whileAShardIsDownAWriteFailsWithoutMovingTheBusPositionAndAReadFailsRatherThanAnswerPartly() {
        // a cluster of its own: this test stops one of its servers
        List<ClickHouseProcess> servers = ClickHouseTestCluster.startServers();
        try {
            String url = "clickhouse://127.0.0.1:" + servers.get(0).httpPort() + ",127.0.0.1:" + servers.get(1).httpPort()
                    + "/shard_down?cluster=" + ClickHouseTestCluster.CLUSTER;
            try (PlaytraceStore store = PlaytraceStores.open(url)) {
                store.views().write(views("before-", 1), List.of(), 10);
                servers.get(1).stop();

                assertThatThrownBy(() -> store.views().write(views("during-", 1), List.of(), 20))
                        .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                            assertThat(e.getMessage()).contains("Connection refused");
                        });
                assertThat(store.views().storedBusPosition()).isEqualTo(10);
                assertThatThrownBy(() -> store.views().select(new SqlStatement("SELECT count() AS n FROM views FINAL",
                        List.of()))).isInstanceOfSatisfying(PlaytraceException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE));
            }
        } finally {
            servers.forEach(ClickHouseProcess::stop);
        }
    }

    @Test
    void aNewPartitionOwnerReadsTheOpenViewsOfBothShardsAtTheirNewestVersionAndTheHighestVersion() {
        try (PlaytraceStore store = PlaytraceStores.open(ClickHouseTestCluster.newStoreUrl())) {
            List<View> firstVersions = new ArrayList<>();
            List<View> closedLater = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                firstVersions.add(ViewBuilder.view("live-" + i, T0 + i).version(1).started(500).playing(1000).open()
                        .build());
                if (i % 2 == 0) {
                    closedLater.add(ViewBuilder.view("live-" + i, T0 + i).version(2).started(500).playing(2000).ended()
                            .build());
                }
            }
            store.views().write(firstVersions, List.of());
            store.views().write(closedLater, List.of());

            QueryEngine engine = new QueryEngine(store.views(), Clock.systemUTC());
            List<View> stillOpen = firstVersions.stream().filter(view -> Integer.parseInt(view.viewId().substring(5)) % 2 == 1)
                    .toList();
            assertThat(engine.openViews()).containsExactlyInAnyOrderElementsOf(stillOpen);
            // the query a worker taking partitions runs to lift its clock above every stored version
            assertThat(store.views().select(new SqlStatement("SELECT max(version) AS max_version FROM views", List.of()))
                    .getFirst().longOrZero("max_version")).isEqualTo(2);
        }
    }

    @Test
    void projectsTokensAndTheBusPositionStayOnTheFirstServerOnly() {
        String database = ClickHouseTestCluster.newDatabaseName();
        try (PlaytraceStore store = PlaytraceStores.open(ClickHouseTestCluster.storeUrl(database))) {
            store.projects().saveProject(new Project("p1", "Project one", "ingest-key", T0));
            store.views().write(List.of(), List.of(), 42);
            assertThat(store.projects().findProjectByIngestKey("ingest-key")).isPresent();
            assertThat(store.views().storedBusPosition()).isEqualTo(42);
        }
        List<Integer> ports = ClickHouseTestCluster.httpPorts();
        try (ClickHouseHttp first = onShard(ports.get(0), database);
             ClickHouseHttp second = onShard(ports.get(1), database)) {
            String tables = "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name";
            assertThat(names(first.select(tables))).contains("projects", "api_tokens", "ingest_position", "claims",
                    "views", "event_log", "events", "views_local", "event_log_local");
            assertThat(names(second.select(tables))).containsExactly("event_log_local", "views_local");
        }
    }

    @Test
    void aUrlThatNamesOnlyOneServerOfTheClusterIsRefusedWithTheCount() {
        String url = "clickhouse://127.0.0.1:" + ClickHouseTestCluster.httpPorts().getFirst() + "/"
                + ClickHouseTestCluster.newDatabaseName() + "?cluster=" + ClickHouseTestCluster.CLUSTER;
        assertThatThrownBy(() -> PlaytraceStores.open(url).close())
                .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                    assertThat(e.getMessage()).contains("has 2 servers", "names 1");
                });
    }

    @Test
    void aClusterTheServerDoesNotKnowIsRefusedByName() {
        String url = ClickHouseTestCluster.newStoreUrl().replace("?cluster=" + ClickHouseTestCluster.CLUSTER,
                "?cluster=no_such_cluster");
        assertThatThrownBy(() -> PlaytraceStores.open(url).close())
                .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                    assertThat(e.getMessage()).contains("no cluster 'no_such_cluster'");
                });
    }

    @Test
    void aShardedDatabaseOpenedWithoutTheClusterIsRefusedAndSoIsAnUnshardedOneOpenedWithIt() {
        String sharded = ClickHouseTestCluster.newDatabaseName();
        PlaytraceStores.open(ClickHouseTestCluster.storeUrl(sharded)).close();
        String firstServer = "clickhouse://127.0.0.1:" + ClickHouseTestCluster.httpPorts().getFirst() + "/";
        assertThatThrownBy(() -> PlaytraceStores.open(firstServer + sharded).close())
                .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                    assertThat(e.getMessage()).contains("is sharded");
                });

        String unsharded = ClickHouseTestCluster.newDatabaseName();
        PlaytraceStores.open(firstServer + unsharded).close();
        assertThatThrownBy(() -> PlaytraceStores.open(ClickHouseTestCluster.storeUrl(unsharded)).close())
                .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                    assertThat(e.getMessage()).contains("was created unsharded");
                });
    }

    /** Forty views, enough that both shards get some. */
    private static List<View> views(String idPrefix, long version) {
        List<View> views = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            views.add(ViewBuilder.view(idPrefix + i, T0 + i).version(version).started(500).playing(1000).build());
        }
        return views;
    }

    private static ClickHouseHttp onShard(int httpPort, String database) {
        return new ClickHouseHttp(new ClickHouseLocation("127.0.0.1", httpPort, database, "default", ""));
    }

    private static Set<String> viewIds(ClickHouseHttp http, String sql) {
        Set<String> ids = new HashSet<>();
        http.select(sql).forEach(row -> ids.add(row.text("view_id")));
        return ids;
    }

    private static List<String> names(List<StoreRow> rows) {
        return rows.stream().map(row -> row.text("name")).toList();
    }
}
