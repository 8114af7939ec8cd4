package dev.playtrace.ingest.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IntervalSetTest {
    @Test
    void unionSortsAndMergesOverlappingAndTouchingIntervalsAndDropsEmptyOnes() {
        IntervalSet set = IntervalSet.union(new long[] {50, 10, 20, 70, 90}, new long[] {60, 25, 30, 70, 95}, 5);

        assertThat(set).hasToString("[[10, 30), [50, 60), [90, 95)]");
        assertThat(set.totalMs()).isEqualTo(35);
    }

    @Test
    void minusCutsHolesAndTrimsEnds() {
        IntervalSet set = IntervalSet.of(0, 100).union(IntervalSet.of(200, 300));
        IntervalSet holes = IntervalSet.of(10, 20).union(IntervalSet.of(90, 210)).union(IntervalSet.of(250, 400));

        assertThat(set.minus(holes)).hasToString("[[0, 10), [20, 90), [210, 250)]");
        assertThat(set.minus(IntervalSet.of(-5, 500)).isEmpty()).isTrue();
        assertThat(set.minus(IntervalSet.EMPTY)).isSameAs(set);
    }

    @Test
    void clipKeepsThePartInsideTheWindow() {
        IntervalSet set = IntervalSet.of(0, 100).union(IntervalSet.of(200, 300));

        assertThat(set.clip(50, 250)).hasToString("[[50, 100), [200, 250)]");
        assertThat(set.clip(100, 200).isEmpty()).isTrue();
    }

    @Test
    void withoutShorterThanDropsShortIntervals() {
        IntervalSet set = IntervalSet.of(0, 249).union(IntervalSet.of(1_000, 1_250));

        assertThat(set.withoutShorterThan(250)).hasToString("[[1000, 1250)]");
    }
}
