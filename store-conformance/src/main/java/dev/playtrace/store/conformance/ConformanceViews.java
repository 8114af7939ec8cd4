package dev.playtrace.store.conformance;

import dev.playtrace.model.View;

import java.util.List;

import static dev.playtrace.store.conformance.ViewBuilder.view;
import static dev.playtrace.store.conformance.ViewBuilder.withoutPlayRequest;

/**
 * The hand-built views behind {@link StoreConformanceTest}; every expected number there is derived from these by
 * hand. {@link #T0} is 2024-01-01T00:00:00Z and the test clock stands at {@link #NOW} = T0 + 2 h. Times below are
 * offsets from T0.
 */
final class ConformanceViews {
    static final long T0 = 1_704_067_200_000L;
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long NOW = T0 + 2 * HOUR;

    private ConformanceViews() {
    }

    /**
     * Project p1, play requested in [T0, T0 + 1 h): v1..v10.
     * <pre>
     * view  request  outcome            startup playing rebuffer  seek     watch   country browser device  viewer
     * v1    1:00     started, ended     1000    100000  2/2000    1/1000   104000  US      Chrome  desktop alice
     * v2    1:30     started, viewend   2000    50000   -         -        52000   US      Firefox mobile  bob
     * v3    3:00     started, E500 late 3000    20000   1/4000    -        27000   DE      Chrome  desktop alice
     * v4    10:00    started, dropped   4000    30000   -         -        34000   DE      Safari  tablet  carol
     * v5    20:00    EBVS               -       -       -         -        5000    US      Chrome  desktop dave
     * v6    21:00    VSF E403 business  -       -       -         -        1500    FR      Chrome  mobile  erin
     * v7    22:00    VSF E500           -       -       -         -        2500    -       Firefox -       frank
     * v8    40:00    started, open      5000    60000   -         -        65000   FR      Chrome  desktop gina
     * v9    50:00    still starting     -       -       -         -        3000    US      Edge    -       hank
     * v10   55:00    started, E451 biz  500     5000    -         -        5500    -       Chrome  -       alice
     * </pre>
     * Outside the range: v11 (request at -1:00, active until 2:21), v12 (request at 60:00), v13 (no play request,
     * ended at 5:00). Project p2 has its own "v1".
     */
    static List<View> all() {
        return List.of(
                view("v1", T0 + MINUTE).started(1000).playing(100_000).rebuffering(2, 2000).seekBuffering(1, 1000)
                        .ended().country("US").browser("Chrome").deviceCategory("desktop").viewer("alice")
                        .bitrate(1_000_000).upscale(10, 20).scores(100.0, 90.0, 80.0, 90.0, 85.0).build(),
                view("v2", T0 + 90_000).started(2000).playing(50_000)
                        .country("US").browser("Firefox").deviceCategory("mobile").viewer("bob")
                        .bitrate(2_000_000).upscale(0, 0).scores(100.0, 80.0, 100.0, 100.0, 95.0).build(),
                view("v3", T0 + 3 * MINUTE).started(3000).playing(20_000).rebuffering(1, 4000)
                        .playbackFailure("E500", false, 24_000).errorCount(2)
                        .country("DE").browser("Chrome").deviceCategory("desktop").viewer("alice")
                        .bitrate(3_000_000).upscale(20, 40).scores(0.0, 70.0, 60.0, 80.0, 0.0).build(),
                view("v4", T0 + 10 * MINUTE).started(4000).playing(30_000).dropped()
                        .country("DE").browser("Safari").deviceCategory("tablet").viewer("carol")
                        .bitrate(9_000_000).scores(100.0, 60.0, 100.0, null, 90.0).build(),
                view("v5", T0 + 20 * MINUTE).watchTime(5000)
                        .country("US").browser("Chrome").deviceCategory("desktop").viewer("dave")
                        .scores(50.0, null, null, null, 50.0).build(),
                view("v6", T0 + 21 * MINUTE).startupFailure("E403", true, 1500).watchTime(1500)
                        .country("FR").browser("Chrome").deviceCategory("mobile").viewer("erin")
                        .scores(0.0, null, null, null, 0.0).build(),
                view("v7", T0 + 22 * MINUTE).startupFailure("E500", false, 2500).fatalErrorMessage("Network error")
                        .watchTime(2500).browser("Firefox").viewer("frank")
                        .scores(0.0, null, null, null, 0.0).build(),
                view("v8", T0 + 40 * MINUTE).started(5000).playing(60_000).open()
                        .country("FR").browser("Chrome").deviceCategory("desktop").viewer("gina")
                        .bitrate(5_000_000).upscale(5, 10).scores(100.0, 50.0, 100.0, 70.0, 85.0).build(),
                view("v9", T0 + 50 * MINUTE).stillStarting().watchTime(3000)
                        .country("US").browser("Edge").viewer("hank").build(),
                view("v10", T0 + 55 * MINUTE).started(500).playing(5000).playbackFailure("E451", true, 5000)
                        .browser("Chrome").viewer("alice").scores(0.0, 100.0, 100.0, null, 0.0).build(),
                view("v11", T0 - MINUTE).started(1000).playing(200_000)
                        .country("US").browser("Firefox").viewer("ivan").build(),
                view("v12", T0 + HOUR).started(1000).playing(1000).country("US").viewer("judy").build(),
                withoutPlayRequest("v13", T0 + 5 * MINUTE).country("US").viewer("kate").build(),
                view("v1", T0 + MINUTE).project("p2").started(1000).playing(30_000).country("JP").viewer("zed")
                        .build());
    }
}
