package dev.playtrace.server.scenarios;

import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.MutableClock;
import dev.playtrace.server.support.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key of one project never reads or writes another project's data, through queries or exports, even where both
 * projects have a view with the same id: the default project has "same-id" (1 view, 3 events), the other project
 * "same-id" and "theirs-only" (2 views, 3 events).
 */
class TenantIsolationTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final String WINDOW = "timeframe[]=" + (T0.getEpochSecond() - 3600) + "&timeframe[]="
            + (T0.getEpochSecond() + 3600);

    @TempDir
    Path dataDir;
    private RunningServer server;
    private ProjectAdmin.Credentials other;

    @BeforeEach
    void sendTheSameViewIdToTwoProjects() {
        MutableClock clock = new MutableClock(T0);
        server = RunningServer.start(dataDir, clock);
        other = server.createProject("Other");
        clock.set(T0.toEpochMilli() + 5_000);
        server.postBeacon(new BeaconBuilder(RunningServer.INGEST_KEY, T0.toEpochMilli()).view("same-id")
                .at(0, "viewstart", Map.of("video_title", "Mine")).at(0, "play").at(500, "playing").build());
        server.postBeacon(new BeaconBuilder(other.project().ingestKey(), T0.toEpochMilli()).view("same-id")
                .at(0, "viewstart", Map.of("video_title", "Theirs")).at(0, "play").build());
        server.postBeacon(new BeaconBuilder(other.project().ingestKey(), T0.toEpochMilli()).view("theirs-only")
                .at(0, "play").build());
        server.flush();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eachProjectSeesOnlyItsOwnViewsEvenWithTheSameViewId() {
        assertThat(server.get("/data/v1/metrics/views/overall?" + WINDOW).json().path("data").path("value").asDouble())
                .isEqualTo(1);
        assertThat(server.get("/data/v1/video-views/same-id").json().path("data").path("video_title").asText())
                .isEqualTo("Mine");
        assertThat(server.get("/data/v1/video-views/theirs-only").status()).isEqualTo(404);
        assertThat(server.get("/data/v1/dimensions/video_title?" + WINDOW).json().path("data").findValuesAsText("value"))
                .containsExactly("Mine");

        RunningServer.Response theirs = server.get("/data/v1/metrics/views/overall?" + WINDOW, other.tokenId(),
                other.tokenSecret());
        assertThat(theirs.json().path("data").path("value").asDouble()).isEqualTo(2);
        assertThat(server.get("/data/v1/video-views/same-id", other.tokenId(), other.tokenSecret())
                .json().path("data").path("video_title").asText()).isEqualTo("Theirs");
    }

    @Test
    void eachProjectExportsOnlyItsOwnRows() {
        List<String> mine = server.get("/data/v1/exports/views?format=ndjson&" + WINDOW).body().lines().toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.getFirst()).contains("\"id\":\"same-id\"").contains("\"video_title\":\"Mine\"")
                .contains("\"property_id\":\"" + RunningServer.PROJECT_ID + "\"");
        assertThat(server.get("/data/v1/exports/events?format=ndjson&" + WINDOW).body().lines().toList())
                .hasSize(3).allSatisfy(line -> assertThat(line).contains("\"view_id\":\"same-id\""))
                .noneSatisfy(line -> assertThat(line).contains("Theirs"));

        List<String> theirs = server.get("/data/v1/exports/views?format=csv&" + WINDOW, other.tokenId(),
                other.tokenSecret()).body().lines().toList();
        assertThat(theirs).as("a header and two views").hasSize(3);
        assertThat(String.join("\n", theirs)).contains("Theirs").contains("theirs-only").doesNotContain("Mine")
                .doesNotContain(RunningServer.PROJECT_ID);
        assertThat(server.get("/data/v1/exports/events?format=ndjson&" + WINDOW, other.tokenId(),
                other.tokenSecret()).body().lines().toList()).hasSize(3)
                .noneSatisfy(line -> assertThat(line).contains("Mine"));
    }
}
