package dev.playtrace.ingest.decode;

import dev.playtrace.model.EventName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoreFieldsTest {

    @Test
    void eventNamesAreMatchedInAnyCaseButServerOnlyNamesAreRefused() {
        assertThat(CoreFields.eventName("viewstart")).isEqualTo(FieldResult.valid(EventName.VIEWSTART));
        assertThat(CoreFields.eventName("ViewStart")).isEqualTo(FieldResult.valid(EventName.VIEWSTART));
        assertThat(CoreFields.eventName("hb")).isEqualTo(FieldResult.valid(EventName.HEARTBEAT));
        assertThat(CoreFields.eventName("viewdropped")).isInstanceOf(FieldResult.Invalid.class);
    }

    @Test
    void muxEmbedTrackEventsAreKnown() {
        // mux-embed 5.19.0 sends these with hls.js (its delta event list); rejecting them lost nothing but was noise
        assertThat(CoreFields.eventName("texttrackchange")).isEqualTo(FieldResult.valid(EventName.TEXTTRACKCHANGE));
        assertThat(CoreFields.eventName("audiotrackchange")).isEqualTo(FieldResult.valid(EventName.AUDIOTRACKCHANGE));
    }

    @Test
    void sequenceNumbersAreWholeAndNotNegative() {
        assertThat(CoreFields.sequenceNumber(0L)).isEqualTo(FieldResult.valid(0L));
        assertThat(CoreFields.sequenceNumber(3.0)).isEqualTo(FieldResult.valid(3L));
        assertThat(CoreFields.sequenceNumber(new java.math.BigInteger("99999999999999999999"))).isInstanceOf(FieldResult.Invalid.class);
    }

    @Test
    void viewerTimeIsANumberOfMillisecondsWithFractionsTruncated() {
        assertThat(CoreFields.viewerTime(1795390036312L)).isEqualTo(FieldResult.valid(1795390036312L));
        assertThat(CoreFields.viewerTime(1795390036312.9)).isEqualTo(FieldResult.valid(1795390036312L));
        assertThat(CoreFields.viewerTime("1795390036312")).isEqualTo(FieldResult.invalid(RejectReason.WRONG_TYPE,
                "viewer_time must be a number of milliseconds, got a string"));
        assertThat(CoreFields.viewerTime(-1L)).isInstanceOf(FieldResult.Invalid.class);
        assertThat(CoreFields.viewerTime(Double.POSITIVE_INFINITY)).isEqualTo(FieldResult.invalid(RejectReason.INVALID_VALUE,
                "viewer_time is out of range"));
    }

    @Test
    void playheadIsOptional() {
        assertThat(CoreFields.playheadTime(null)).isEqualTo(FieldResult.ABSENT);
        assertThat(CoreFields.playheadTime(12.5)).isEqualTo(FieldResult.valid(12L));
    }

    @Test
    void envKeyIsAStringAndEmptyMeansAbsent() {
        assertThat(CoreFields.envKey("pk")).isEqualTo(FieldResult.valid("pk"));
        assertThat(CoreFields.envKey("")).isEqualTo(FieldResult.ABSENT);
        assertThat(CoreFields.envKey(null)).isEqualTo(FieldResult.ABSENT);
        assertThat(CoreFields.envKey(5L)).isInstanceOf(FieldResult.Invalid.class);
    }
}
