package dev.playtrace.simulator;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StartupFailureFaultTest {
    private static final long FROM_MS = 1_700_000_000_000L;
    private static final long TO_MS = FROM_MS + 3_600_000L;
    private static final StartupFailureFault FAULT = new StartupFailureFault("cloudfront", "US", FROM_MS + 600_000,
            FROM_MS + 1_200_000, 0.5);

    @Test
    void onlyViewsOfTheCdnAndCountryInTheFaultWindowFailMoreAndEveryOtherViewIsUnchanged() {
        SimulationConfig config = SimulationConfig.defaults("key").withDailyCurve(false);
        Iterator<SimulatedView> normal = new ViewerSimulator(3L, config).views(FROM_MS, TO_MS, 20_000).iterator();
        Iterator<SimulatedView> faulted = new ViewerSimulator(3L, config, List.of(FAULT)).views(FROM_MS, TO_MS, 20_000)
                .iterator();
        long hit = 0;
        long hitFailures = 0;
        while (normal.hasNext()) {
            SimulatedView before = normal.next();
            SimulatedView after = faulted.next();
            assertThat(after.setup()).isEqualTo(before.setup());
            TruthView truth = after.truth();
            if (truth.isAttempt() && FAULT.hits(after.setup(), truth.playRequestedAtMs())) {
                hit++;
                hitFailures += truth.isVideoStartupFailure() ? 1 : 0;
            } else {
                assertThat(after.truth()).isEqualTo(before.truth());
            }
        }
        assertThat(hit).as("cloudfront (30 %) × US (30 %) × 10 of 60 minutes of 20,000 views").isBetween(200L, 400L);
        assertThat((double) hitFailures / hit).isBetween(0.4, 0.6);
    }
}
