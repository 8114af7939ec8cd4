package dev.playtrace.server.scaleout;

import dev.playtrace.bus.kafka.KafkaBroker;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.ServerRole;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --bus kafka://... --role ...} on a real broker: a collector answers 200 once Kafka acknowledged the
 * beacon, a sessionizer node of the group stores the view, and a sessionizer-only node refuses beacons with a 503.
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
            assertThat(node.postBeacon(threeEvents("v-all")).status()).isEqualTo(200);

            awaitView(node, "v-all");
            assertThat(node.get("/data/v1/video-views/v-all").json().path("data").path("video_startup_time").asLong())
                    .isEqualTo(890);
        }
    }

    @Test
    void aCollectorPublishesAndASessionizerNodeStores(@TempDir Path collectorDir, @TempDir Path sessionizerDir) {
        try (RunningServer collector = start(collectorDir, "split-roles", ServerRole.COLLECTOR);
             RunningServer sessionizer = start(sessionizerDir, "split-roles", ServerRole.SESSIONIZER)) {
            assertThat(collector.postBeacon(threeEvents("v-split")).status()).isEqualTo(200);

            RunningServer.Response refused = sessionizer.postBeacon(threeEvents("v-refused"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();

            awaitView(sessionizer, "v-split");
            assertThat(sessionizer.get("/data/v1/video-views/v-split").json().path("data")
                    .path("video_startup_time").asLong()).isEqualTo(890);
            assertThat(collector.get("/data/v1/video-views/v-split").status())
                    .as("the collector's own store holds no views").isEqualTo(404);
        }
    }

    private static RunningServer start(Path dataDir, String topic, ServerRole role) {
        ServerConfig config = RunningServer.config(dataDir).withFlushPeriod(Duration.ofMillis(200))
                .withScaleOut(new ServerConfig.ScaleOut(role, broker.address(topic)));
        return RunningServer.start(config, new MutableClock(T0));
    }

    private static String threeEvents(String viewId) {
        return new BeaconBuilder(INGEST_KEY, T0_MS).view(viewId).at(0, "viewstart").at(10, "play").at(900, "playing")
                .build();
    }

    private static void awaitView(RunningServer node, String viewId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (node.get("/data/v1/video-views/" + viewId).status() != 200) {
            assertThat(System.nanoTime()).as("view %s stored within 60 s", viewId).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
