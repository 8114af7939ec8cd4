package dev.playtrace.server.alerts;

import dev.playtrace.server.alerts.AnomalyTests.Counts;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnomalyTestsTest {
    private static final List<Counts> STEADY_HISTORY = Collections.nCopies(10, new Counts(25, 1000));

    @Test
    void aSmallCohortNeedsStrongEvidence() {
        // 2 failures of 20 views (10 %) against 2.5 %: striking as a rate, weak as evidence
        assertThat(AnomalyTests.proportionZ(new Counts(2, 20), STEADY_HISTORY)).isLessThan(4.0);
        // 10 of 20 is strong evidence even in a small cohort
        assertThat(AnomalyTests.proportionZ(new Counts(10, 20), STEADY_HISTORY)).isGreaterThan(4.0);
    }

    @Test
    void theTwoProportionZMatchesTheTextbookValue() {
        // p1 = 0.05 (n 1000), p0 = 0.025 (n 10000), pooled 0.02727: z = 0.025 / sqrt(0.02727 * 0.97273 * 0.0011)
        assertThat(AnomalyTests.proportionZ(new Counts(50, 1000), STEADY_HISTORY)).isCloseTo(4.6, within(0.05));
    }

    @Test
    void historyThatVariesMoreThanBinomiallyWidensTheTest() {
        List<Counts> noisy = List.of(new Counts(10, 1000), new Counts(40, 1000), new Counts(15, 1000),
                new Counts(35, 1000), new Counts(25, 1000));
        assertThat(AnomalyTests.dispersion(noisy, 0.025)).isGreaterThan(3.0);
        assertThat(AnomalyTests.proportionZ(new Counts(50, 1000), noisy))
                .isLessThan(AnomalyTests.proportionZ(new Counts(50, 1000), STEADY_HISTORY) / 1.5);
    }

    @Test
    void theRobustBaselineIgnoresOneOutlierInTheHistory() {
        AnomalyTests.Baseline baseline = AnomalyTests.robustBaseline(List.of(800.0, 820.0, 790.0, 810.0, 5000.0, 805.0, 795.0));
        assertThat(baseline.median()).isEqualTo(805.0);
        assertThat(baseline.scale()).isCloseTo(Math.max(1.4826 * 10, 0.10 * 805), within(1e-9));
        assertThat(baseline.score(1200)).isGreaterThan(4.0);
        assertThat(baseline.score(850)).isLessThan(2.0);
    }
}
