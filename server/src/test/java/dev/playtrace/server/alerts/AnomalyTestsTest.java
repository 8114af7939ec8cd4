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
    void theExactTestMatchesFishersOneSidedPValue() {
        // 50 of 1,000 against 250 of 10,000: the hypergeometric upper tail P(X >= 50) is 1.7e-5, z = 4.14; the
        // normal approximation says 4.6
        assertThat(AnomalyTests.proportionZ(new Counts(50, 1000), STEADY_HISTORY)).isCloseTo(4.14, within(0.02));
    }

    @Test
    void aNightWindowWithFewFailuresIsNotAnAnomalyAtTheDefaultScore() {
        // the false alarm of the 168-hour run: 18 of 267 views failed to start against 2.4 % in 7 windows of ~270;
        // the normal approximation gives z = 4.2 and fired; exact it is 3.6
        List<Counts> night = Collections.nCopies(7, new Counts(6, 270));
        assertThat(AnomalyTests.proportionZ(new Counts(18, 267), night)).isLessThan(4.0);
        // three times as many failures in the same cohort is an anomaly
        assertThat(AnomalyTests.proportionZ(new Counts(30, 267), night)).isGreaterThan(4.0);
    }

    @Test
    void aRateBelowTheHistoryScoresNegative() {
        assertThat(AnomalyTests.proportionZ(new Counts(5, 1000), STEADY_HISTORY)).isLessThan(-3.0);
        assertThat(AnomalyTests.proportionZ(new Counts(25, 1000), STEADY_HISTORY)).isCloseTo(0.0, within(0.3));
    }

    @Test
    void overwhelmingEvidenceIsCappedNotInfinite() {
        assertThat(AnomalyTests.proportionZ(new Counts(900, 1000), STEADY_HISTORY)).isEqualTo(AnomalyTests.LARGEST_Z);
    }

    @Test
    void aboveTheExactLimitTheNormalApproximationAgreesWithTheExactTest() {
        // 2,000,000 trials in the table: just below the limit exact, just above normal
        List<Counts> history = Collections.nCopies(10, new Counts(4_750, 190_000));
        Counts current = new Counts(2_600, 99_000);
        Counts bigger = new Counts(2_626, 100_001);
        double exact = AnomalyTests.proportionZ(current, history);
        double normal = AnomalyTests.proportionZ(bigger, history);
        assertThat(exact).isBetween(1.0, 4.0);
        assertThat(normal).isCloseTo(exact, within(0.1));
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
