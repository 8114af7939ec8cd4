package dev.playtrace.server.scenarios;

import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A key of one project never reads or writes another project's data. */
class TenantIsolationTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final String WINDOW = "timeframe[]=" + (T0.getEpochSecond() - 3600) + "&timeframe[]=" + (T0.getEpochSecond() + 3600);

    @TempDir
    Path dataDir;

    @Test
    void eachProjectSeesOnlyItsOwnViewsEvenWithTheSameViewId() {
        MutableClock clock = new MutableClock(T0);
        try (RunningServer server = RunningServer.start(dataDir, clock)) {
            ProjectAdmin.Credentials other = server.createProject("Other");
            clock.set(T0.toEpochMilli() + 5_000);
            server.postBeacon(new BeaconBuilder(RunningServer.INGEST_KEY, T0.toEpochMilli()).view("same-id")
                    .at(0, "viewstart", Map.of("video_title", "Mine")).at(0, "play").at(500, "playing").build());
            server.postBeacon(new BeaconBuilder(other.project().ingestKey(), T0.toEpochMilli()).view("same-id")
                    .at(0, "viewstart", Map.of("video_title", "Theirs")).at(0, "play").build());
            server.postBeacon(new BeaconBuilder(other.project().ingestKey(), T0.toEpochMilli()).view("theirs-only")
                    .at(0, "play").build());
            server.flush();

            assertThat(server.get("/data/v1/metrics/views/overall?" + WINDOW).json().path("data").path("value").asDouble()).isEqualTo(1);
            assertThat(server.get("/data/v1/video-views/same-id").json().path("data").path("video_title").asText()).isEqualTo("Mine");
            assertThat(server.get("/data/v1/video-views/theirs-only").status()).isEqualTo(404);
            assertThat(server.get("/data/v1/dimensions/video_title?" + WINDOW).json().path("data").findValuesAsText("value"))
                    .containsExactly("Mine");

            RunningServer.Response theirs = server.get("/data/v1/metrics/views/overall?" + WINDOW, other.tokenId(), other.tokenSecret());
            assertThat(theirs.json().path("data").path("value").asDouble()).isEqualTo(2);
            assertThat(server.get("/data/v1/video-views/same-id", other.tokenId(), other.tokenSecret())
                    .json().path("data").path("video_title").asText()).isEqualTo("Theirs");
        }
    }
}
