package dev.playtrace.server.scaleout;

import dev.playtrace.bus.kafka.KafkaBroker;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.ServerRole;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --bus kafka://... --role ...} on a real broker: a collector answers 200 once Kafka acknowledged the
 * beacon (503 when the broker dies first), a sessionizer node of the group stores the view, and a sessionizer-only
 * node refuses beacons with a 503.
 */
class KafkaRolesTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final long T0_MS = T0.toEpochMilli();
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void oneNodeWithEveryRoleStoresWhatItAcknowledged(@TempDir Path dataDir) {
        try (RunningServer node = start(dataDir, "all-roles", ServerRole.ALL)) {
            assertThat(node.postBeacon(RoleBeacons.threeEvents(T0_MS, "v-all")).status()).isEqualTo(200);

            RoleBeacons.awaitView(node, "v-all");
            assertThat(node.get("/data/v1/video-views/v-all").json().path("data").path("video_startup_time").asLong())
                    .isEqualTo(890);
        }
    }

    @Test
    void aCollectorPublishesAndASessionizerNodeStores(@TempDir Path collectorDir, @TempDir Path sessionizerDir) {
        try (RunningServer collector = start(collectorDir, "split-roles", ServerRole.COLLECTOR);
             RunningServer sessionizer = start(sessionizerDir, "split-roles", ServerRole.SESSIONIZER)) {
            assertThat(collector.postBeacon(RoleBeacons.threeEvents(T0_MS, "v-split")).status()).isEqualTo(200);

            RunningServer.Response refused = sessionizer.postBeacon(RoleBeacons.threeEvents(T0_MS, "v-refused"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();

            RoleBeacons.awaitView(sessionizer, "v-split");
            assertThat(sessionizer.get("/data/v1/video-views/v-split").json().path("data")
                    .path("video_startup_time").asLong()).isEqualTo(890);
            assertThat(collector.get("/data/v1/video-views/v-split").status())
                    .as("the collector's own store holds no views").isEqualTo(404);
        }
    }

    @Test
    void aBeaconWhoseBrokerDiesBeforeAcknowledgingIsAnswered503(@TempDir Path dataDir) throws Exception {
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (KafkaBroker doomed = KafkaBroker.start();
             RunningServer collector = start(dataDir, doomed, "doomed", ServerRole.COLLECTOR)) {
            assertThat(collector.postBeacon(RoleBeacons.threeEvents(T0_MS, "v-before")).status()).isEqualTo(200);
            // frozen, the broker cannot acknowledge the next beacon; then it dies
            signal("STOP", doomed.pid());
            Future<RunningServer.Response> unacknowledged = client.submit(() -> collector.postBeacon(RoleBeacons.threeEvents(T0_MS, "v-lost")));
            doomed.killHard();

            RunningServer.Response response = unacknowledged.get(120, TimeUnit.SECONDS);
            assertThat(response.status()).as(response.body()).isEqualTo(503);
            assertThat(response.json().path("error").path("code").asText()).isEqualTo("not_stored");
            assertThat(response.header("Retry-After")).isNotBlank();
        } finally {
            client.shutdownNow();
        }
    }

    private static RunningServer start(Path dataDir, String topic, ServerRole role) {
        return start(dataDir, broker, topic, role);
    }

    private static RunningServer start(Path dataDir, KafkaBroker on, String topic, ServerRole role) {
        ServerConfig config = RunningServer.config(dataDir).withFlushPeriod(Duration.ofMillis(200))
                .withScaleOut(new ServerConfig.ScaleOut(role, on.address(topic)));
        return RunningServer.start(config, new MutableClock(T0));
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    }
}
