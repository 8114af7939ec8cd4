package dev.playtrace.server.scaleout;

import dev.playtrace.server.support.BeaconBuilder;
import dev.playtrace.server.support.RunningServer;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static dev.playtrace.server.support.RunningServer.INGEST_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** The one view the role tests send through a node, and the wait until another node serves it. */
final class RoleBeacons {
    private RoleBeacons() {
    }

    /** A beacon of one view's first three events, the first at {@code t0Ms}. */
    static String threeEvents(long t0Ms, String viewId) {
        return new BeaconBuilder(INGEST_KEY, t0Ms).view(viewId).at(0, "viewstart").at(10, "play").at(900, "playing")
                .build();
    }

    /** Waits until {@code node} serves the view's page (the view reached the store). */
    static void awaitView(RunningServer node, String viewId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (node.get("/data/v1/video-views/" + viewId).status() != 200) {
            assertThat(System.nanoTime()).as("view %s stored within 60 s", viewId).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // between polls of the store
        }
    }
}
