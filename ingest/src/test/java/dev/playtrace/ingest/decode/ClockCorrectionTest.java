package dev.playtrace.ingest.decode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClockCorrectionTest {
    private static final long RECEIVED_AT_MS = 1_795_390_040_000L;
    private static final long HOUR_MS = 3_600_000L;

    @Test
    void offsetIsServerTimeMinusTheBeaconsSendTime() {
        assertThat(ClockCorrection.offsetMs(new BatchMetadata(RECEIVED_AT_MS - HOUR_MS, null), RECEIVED_AT_MS)).isEqualTo(HOUR_MS);
        assertThat(ClockCorrection.offsetMs(new BatchMetadata(RECEIVED_AT_MS + HOUR_MS, null), RECEIVED_AT_MS)).isEqualTo(-HOUR_MS);
        assertThat(ClockCorrection.offsetMs(BatchMetadata.NONE, RECEIVED_AT_MS)).isZero();
    }

    @Test
    void deviceOneHourAheadHasItsEventTimesMovedBackOneHour() {
        long deviceSentAt = RECEIVED_AT_MS + HOUR_MS;
        long offset = ClockCorrection.offsetMs(new BatchMetadata(deviceSentAt, null), RECEIVED_AT_MS);

        FieldResult eventTime = ClockCorrection.eventTime(deviceSentAt - 9000, offset, RECEIVED_AT_MS, BeaconLimits.DEFAULT);

        assertThat(eventTime).isEqualTo(FieldResult.valid(RECEIVED_AT_MS - 9000));
    }

    @Test
    void rejectionSaysHowFarOffTheEventIsAndWhichCorrectionWasApplied() {
        FieldResult eventTime = ClockCorrection.eventTime(RECEIVED_AT_MS - 8 * 24 * HOUR_MS - 2 * HOUR_MS, -HOUR_MS,
                RECEIVED_AT_MS, BeaconLimits.DEFAULT);

        assertThat(eventTime).isEqualTo(FieldResult.invalid(RejectReason.TIME_TOO_OLD, "viewer_time puts the event 8 d 3 h"
                + " before the beacon was received (after correcting the device clock by -3600000 ms);"
                + " events older than 7 d are rejected"));
    }

    @Test
    void durationsReadLikeAPersonWouldWriteThem() {
        assertThat(ClockCorrection.duration(250)).isEqualTo("250 ms");
        assertThat(ClockCorrection.duration(5_000)).isEqualTo("5 s");
        assertThat(ClockCorrection.duration(365_000)).isEqualTo("6 min 5 s");
        assertThat(ClockCorrection.duration(HOUR_MS + 60_000)).isEqualTo("1 h 1 min");
        assertThat(ClockCorrection.duration(8 * 24 * HOUR_MS)).isEqualTo("8 d");
    }
}
