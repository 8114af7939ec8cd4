package dev.playtrace.store.clickhouse;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.model.View;
import dev.playtrace.query.engine.QueryEngine;
import dev.playtrace.store.conformance.ViewBuilder;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.PlaytraceStores;
import dev.playtrace.store.spi.SqlStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.playtrace.store.spi.AlertIncident;
import dev.playtrace.store.spi.IssuedToken;
import dev.playtrace.store.spi.RateLimitBucket;

import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to the ClickHouse store, against a real ClickHouse 18.16. */
@ExtendWith(ClickHouseTestServer.class)
class ClickHouseStoreTest {
    private static final long T0 = 1_704_067_200_000L;

    @Test
    void doublesAreStoredBitForBit() {
        // 18.16's text parser rounds some of these to a neighbouring double; RowBinary inserts do not
        Random random = new Random(15);
        List<View> views = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            views.add(ViewBuilder.view("v" + i, T0 + i).started(500).playing(60_000)
                    .bitrate(random.nextDouble() * 1e7).upscale(random.nextDouble() * 100, random.nextGaussian() * 1e-4)
                    .scores(random.nextDouble(), random.nextDouble(), random.nextDouble(), random.nextDouble(),
                            random.nextDouble() * 1e-5)
                    .build());
        }
        try (PlaytraceStore store = PlaytraceStores.open(ClickHouseTestServer.newStoreUrl())) {
            store.views().upsertViews(views);
            QueryEngine engine = new QueryEngine(store.views(), java.time.Clock.systemUTC());
            for (View view : views) {
                assertThat(engine.view("p1", view.viewId())).contains(view);
            }
        }
    }

    @Test
    void textWithQuotesBackslashesAndControlCharactersIsDataInLiteralsAndInserts() {
        String awkward = "it's \\ a \"name\"\twith\nbreaks, ' OR '1'='1 -- and ünïcödé ?";
        try (PlaytraceStore store = PlaytraceStores.open(ClickHouseTestServer.newStoreUrl())) {
            Project project = new Project("p1", awkward, awkward + " key", T0);
            store.projects().saveProject(project);
            store.views().upsertViews(List.of(ViewBuilder.view("v1", T0).dimension(Dimension.VIDEO_TITLE, awkward).build()));

            assertThat(store.projects().findProjectByIngestKey(awkward + " key")).contains(project);
            assertThat(store.views().select(new SqlStatement("SELECT count() AS n FROM views FINAL WHERE video_title = ?",
                    List.of(awkward))).getFirst().longOrZero("n")).isEqualTo(1);
        }
    }

    @Test
    void aStatementClickHouseRefusesIsAStoreFailureWithClickHousesMessage() {
        try (PlaytraceStore store = PlaytraceStores.open(ClickHouseTestServer.newStoreUrl())) {
            assertThatThrownBy(() -> store.views().select(new SqlStatement("SELECT no_such_function(1) AS x", List.of())))
                    .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                        assertThat(e.getMessage()).contains("Unknown function no_such_function");
                    });
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsAStoreFailureNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "clickhouse://127.0.0.1:" + closedPort + "/playtrace";
        assertThatThrownBy(() -> PlaytraceStores.open(url))
                .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                    assertThat(e.getMessage()).contains("cannot reach ClickHouse at clickhouse://127.0.0.1:" + closedPort);
                });
    }

    @Test
    void aDatabaseAtANewerSchemaVersionIsRefusedAndOneAtThisVersionOpens() {
        String url = ClickHouseTestServer.newStoreUrl();
        try (PlaytraceStore store = PlaytraceStores.open(url)) {
            store.projects().saveProject(new Project("p1", "First", "key-1", T0));
        }
        try (PlaytraceStore reopened = PlaytraceStores.open(url)) {
            assertThat(reopened.projects().findProject("p1")).isPresent();
            reopened.views().select(new SqlStatement("SELECT 1 AS x", List.of()));
        }
        ClickHouseLocation location = ClickHouseLocation.parse(url.substring("clickhouse:".length()));
        try (ClickHouseHttp http = new ClickHouseHttp(location)) {
            http.insert(ClickHouseSchema.SCHEMA_VERSION, List.of("version", "description", "applied_at_ms"),
                    List.of("Int32", "String", "Int64"), List.<Object[]>of(new Object[] {ClickHouseSchema.VERSION + 1,
                            "from the future", T0}));
        }
        assertThatThrownBy(() -> PlaytraceStores.open(url))
                .isInstanceOfSatisfying(PlaytraceException.class, e -> assertThat(e.getMessage())
                        .contains("schema version " + (ClickHouseSchema.VERSION + 1)).contains("newer than this build's"));
    }

    @Test
    void compareAndSetIsExactAcrossStoresOnOneDatabaseAsAcrossQueryNodes() throws Exception {
        // four stores on one database behave as four query nodes: each has its own in-process lock
        String url = ClickHouseTestServer.newStoreUrl();
        List<PlaytraceStore> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(PlaytraceStores.open(url));
        }
        int perThread = 10;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            nodes.getFirst().issuedTokens().saveIssuedToken(new IssuedToken("a".repeat(64), "refresh", "p1", "s", T0,
                    T0 + 60_000));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> revocations = new ArrayList<>();
            List<Future<Boolean>> openings = new ArrayList<>();
            List<Future<?>> counters = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                PlaytraceStore node = nodes.get(i % nodes.size());
                int thread = i;
                revocations.add(threads.submit(() -> {
                    start.await();
                    return node.issuedTokens().revokeToken("a".repeat(64));
                }));
                openings.add(threads.submit(() -> {
                    start.await();
                    return node.alerts().openIncident(new AlertIncident("p1", "i" + thread, "r1",
                            AlertIncident.Status.OPEN, T0, null, T0, "{}"));
                }));
                counters.add(threads.submit(() -> {
                    start.await();
                    for (int n = 0; n < perThread; n++) {
                        while (!increment(node)) {
                            Thread.onSpinWait(); // another node won this round: read again
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> counter : counters) {
                counter.get();
            }
            assertThat(revocations.stream().map(ClickHouseStoreTest::result).toList()).containsOnlyOnce(true);
            assertThat(openings.stream().map(ClickHouseStoreTest::result).toList()).containsOnlyOnce(true);
            assertThat(nodes.get(1).alerts().countIncidents("p1", T0, T0 + 1)).isEqualTo(1);
            assertThat(nodes.get(2).rateLimits().findBucket("counter").orElseThrow().tokens()).isEqualTo(8.0 * perThread);
        } finally {
            threads.shutdownNow();
            nodes.forEach(PlaytraceStore::close);
        }
    }

    private static boolean increment(PlaytraceStore node) {
        Optional<RateLimitBucket> current = node.rateLimits().findBucket("counter");
        return current.isEmpty()
                ? node.rateLimits().insertBucket(new RateLimitBucket("counter", 1.0, T0))
                : node.rateLimits().replaceBucket(current.get(),
                        new RateLimitBucket("counter", current.get().tokens() + 1, T0));
    }

    private static boolean result(Future<Boolean> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLocationNamesHostPortDatabaseAndCredentials() {
        assertThat(ClickHouseLocation.parse("//db.example:9123/analytics?user=reader&password=p%26ss"))
                .isEqualTo(new ClickHouseLocation("db.example", 9123, "analytics", "reader", "p&ss"));
        assertThat(ClickHouseLocation.parse("//127.0.0.1"))
                .isEqualTo(new ClickHouseLocation("127.0.0.1", 8123, "playtrace", "default", ""));
        assertThatThrownBy(() -> ClickHouseLocation.parse("//host/drop;table"))
                .isInstanceOfSatisfying(PlaytraceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
        assertThatThrownBy(() -> ClickHouseLocation.parse("//host/db?token=x"))
                .hasMessageContaining("unknown ClickHouse store URL parameter 'token'");
        assertThat(ClickHouseLocation.parse("//h/db?password=secret").toString()).doesNotContain("secret");
    }

    @Test
    void aShardedLocationNamesEveryServerEntryFirstAndTheCluster() {
        ClickHouseLocation sharded = ClickHouseLocation.parse("//ch1.example:8123,ch2.example,10.0.0.3:9123/analytics"
                + "?cluster=shards&password=secret");
        assertThat(sharded.servers()).containsExactly(new ClickHouseLocation.Server("ch1.example", 8123),
                new ClickHouseLocation.Server("ch2.example", 8123), new ClickHouseLocation.Server("10.0.0.3", 9123));
        assertThat(sharded.entryServer()).isEqualTo(new ClickHouseLocation.Server("ch1.example", 8123));
        assertThat(sharded.cluster()).contains("shards");
        assertThat(sharded.isSharded()).isTrue();
        assertThat(sharded.toString()).isEqualTo("clickhouse://ch1.example:8123,ch2.example:8123,10.0.0.3:9123/analytics"
                + "?cluster=shards");
        assertThat(sharded.onServer(new ClickHouseLocation.Server("ch2.example", 8123)))
                .isEqualTo(new ClickHouseLocation("ch2.example", 8123, "analytics", "default", "secret"));
        assertThat(ClickHouseLocation.parse("//ch1/db?cluster=one_server").isSharded()).isTrue();

        assertThatThrownBy(() -> ClickHouseLocation.parse("//ch1,ch2/db"))
                .isInstanceOfSatisfying(PlaytraceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("needs the cluster's name: ?cluster=name");
                });
        assertThatThrownBy(() -> ClickHouseLocation.parse("//ch1,/db?cluster=c"))
                .isInstanceOfSatisfying(PlaytraceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
        assertThatThrownBy(() -> ClickHouseLocation.parse("//ch1,ch2/db?cluster=a'b"))
                .hasMessageContaining("the cluster name must be letters, digits");
    }
}
