package dev.playtrace.server.scaleout;

import dev.playtrace.bus.kafka.KafkaBroker;
import dev.playtrace.server.ServerConfig;
import dev.playtrace.server.ServerRole;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import dev.playtrace.store.clickhouse.ClickHouseTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --role query}: a node without a bus on the store a collector and a sessionizer fill answers the query
 * APIs from it, and refuses beacons with a 503 that says where they go (the SDK keeps them and sends them again).
 */
@ExtendWith(ClickHouseTestServer.class)
class QueryRoleTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final long T0_MS = T0.toEpochMilli();
    private static final String SERVER_KEY = "server.key";

    @Test
    void aQueryNodeAnswersFromTheSharedStoreAndRefusesBeacons(@TempDir Path ingestDir, @TempDir Path queryDir)
            throws IOException {
        String storeUrl = ClickHouseTestServer.newStoreUrl();
        MutableClock clock = new MutableClock(T0);
        try (KafkaBroker broker = KafkaBroker.start();
             RunningServer ingest = RunningServer.start(config(ingestDir, storeUrl)
                     .withScaleOut(new ServerConfig.ScaleOut(ServerRole.ALL, broker.address("query-role"))), clock)) {
            // the nodes of one store share its server.key, as docs/scale-out.md tells operators
            Files.copy(ingestDir.resolve(SERVER_KEY), queryDir.resolve(SERVER_KEY));
            try (RunningServer query = RunningServer.start(config(queryDir, storeUrl)
                    .withScaleOut(new ServerConfig.ScaleOut(ServerRole.QUERY, null)), clock)) {
                assertThat(ingest.postBeacon(RoleBeacons.threeEvents(T0_MS, "v-stored")).status()).isEqualTo(200);

                RunningServer.Response refused = query.postBeacon(RoleBeacons.threeEvents(T0_MS, "v-refused"));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.json().path("error").path("code").asText()).isEqualTo("not_a_collector");
                assertThat(refused.json().path("error").path("message").asText())
                        .contains("--role query").contains("send them to a collector");

                RoleBeacons.awaitView(query, "v-stored");
                assertThat(query.get("/data/v1/video-views/v-stored").json().path("data")
                        .path("video_startup_time").asLong()).isEqualTo(890);
                assertThat(query.get("/data/v1/video-views/v-refused").status()).isEqualTo(404);
            }
        }
    }

    private static ServerConfig config(Path dataDir, String storeUrl) {
        return RunningServer.config(dataDir).withStoreUrl(storeUrl).withFlushPeriod(Duration.ofMillis(200));
    }
}
