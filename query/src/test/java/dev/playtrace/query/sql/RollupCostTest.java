package dev.playtrace.query.sql;

import dev.playtrace.model.TimeRange;
import dev.playtrace.store.spi.ViewRollupTable;
import org.junit.jupiter.api.Test;

import static dev.playtrace.store.spi.ViewRollupTable.HOURLY;
import static org.assertj.core.api.Assertions.assertThat;

class RollupCostTest {
    private static final long HOUR_MS = 3_600_000L;
    private static final long MINUTE_MS = 60_000L;
    /** 2024-01-01T00:00:00Z, on the hour. */
    private static final long MIDNIGHT_MS = 1_704_067_200_000L;

    @Test
    void windowOnTheHourReadsNoViewsSoTheRollupIsCheaper() {
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(MIDNIGHT_MS, MIDNIGHT_MS + HOUR_MS), HOURLY)).isTrue();
    }

    @Test
    void oneWholeHourAndOnePartialEdgeScanTheViewsOnceLikeThePlainQuery() {
        long endMs = MIDNIGHT_MS + 2 * HOUR_MS + 23 * MINUTE_MS;
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(MIDNIGHT_MS + HOUR_MS, endMs), HOURLY)).isTrue();
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(MIDNIGHT_MS + 37 * MINUTE_MS, MIDNIGHT_MS + 2 * HOUR_MS), HOURLY))
                .isTrue();
    }

    @Test
    void last24HoursEndingOffTheHourHasTwoPartialEdgesAnd23WholeHoursSoReadsTheRollup() {
        long nowMs = MIDNIGHT_MS + 5 * 24 * HOUR_MS + 37 * MINUTE_MS;
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(nowMs - 24 * HOUR_MS, nowMs), HOURLY)).isTrue();
    }

    @Test
    void twoPartialEdgesAroundExactly23WholeHours() {
        long fromMs = MIDNIGHT_MS + 59 * MINUTE_MS;
        long wholeFromMs = MIDNIGHT_MS + HOUR_MS;
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(fromMs, wholeFromMs + 23 * HOUR_MS + MINUTE_MS), HOURLY))
                .isTrue();
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(fromMs, wholeFromMs + 22 * HOUR_MS + 59 * MINUTE_MS), HOURLY))
                .as("22 whole hours").isFalse();
    }

    @Test
    void theFiveMinuteCubeCountsItsWholeSlotsTheSameWay() {
        long nowMs = MIDNIGHT_MS + 5 * 24 * HOUR_MS + 37 * MINUTE_MS + 12_000;
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(nowMs - 24 * HOUR_MS, nowMs),
                ViewRollupTable.FIVE_MINUTE)).as("a day off the five-minute grid: 23 h 55 min of whole slots").isTrue();
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(nowMs - 12 * HOUR_MS, nowMs),
                ViewRollupTable.FIVE_MINUTE)).as("half a day off the grid").isFalse();
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(nowMs - 12 * HOUR_MS, MIDNIGHT_MS + 5 * 24 * HOUR_MS
                + 35 * MINUTE_MS), ViewRollupTable.FIVE_MINUTE)).as("one partial edge").isTrue();
    }

    @Test
    void last7DaysEndingOffTheHourReadTheRollup() {
        long nowMs = MIDNIGHT_MS + 9 * 24 * HOUR_MS + 37 * MINUTE_MS;
        assertThat(RollupCost.rollupNoSlowerThanViews(new TimeRange(nowMs - 7 * 24 * HOUR_MS, nowMs), HOURLY)).isTrue();
    }
}
