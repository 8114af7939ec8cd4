package dev.playtrace.ingest.decode;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BeaconDecoderTest {
    private final BeaconDecoder decoder = new BeaconDecoder(BeaconLimits.DEFAULT);

    private DecodedBatch decode(String json) throws BatchDecodeException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsMetadataAndEventsWithTheirScalarTypes() throws Exception {
        DecodedBatch batch = decode("""
                {"metadata": {"transmission_timestamp": 1795390036318, "env_key": "pk_a", "rtt_ms": 71},
                 "events": [{"event": "play", "n": 3, "f": 1.5, "b": true, "s": "x", "big": 123456789012345678901234567890,
                             "o": {"a": [1, {"b": 2}]}, "arr": [1, 2], "gone": null}]}
                """);

        assertThat(batch.metadata()).isEqualTo(new BatchMetadata(1795390036318L, "pk_a"));
        assertThat(batch.warnings()).isEmpty();
        assertThat(batch.totalEvents()).isOne();
        RawEvent event = batch.events().getFirst();
        assertThat(event.index()).isZero();
        assertThat(event.fields()).containsExactly(
                java.util.Map.entry("event", "play"),
                java.util.Map.entry("n", 3L),
                java.util.Map.entry("f", 1.5),
                java.util.Map.entry("b", true),
                java.util.Map.entry("s", "x"),
                java.util.Map.entry("big", new BigInteger("123456789012345678901234567890")),
                java.util.Map.entry("o", NestedValue.OBJECT),
                java.util.Map.entry("arr", NestedValue.ARRAY));
    }

    @Test
    void metadataMayComeAfterTheEvents() throws Exception {
        DecodedBatch batch = decode("{\"events\": [{}], \"metadata\": {\"transmission_timestamp\": 5}}");

        assertThat(batch.metadata().transmissionTimestampMs()).isEqualTo(5L);
    }

    @Test
    void fractionalTransmissionTimestampIsTruncatedToTheMillisecond() throws Exception {
        DecodedBatch batch = decode("{\"metadata\": {\"transmission_timestamp\": 1795390036318.75}, \"events\": [{}]}");

        assertThat(batch.metadata().transmissionTimestampMs()).isEqualTo(1795390036318L);
    }

    @Test
    void elementsThatAreNotObjectsAreKeptForAPerEventRejection() throws Exception {
        DecodedBatch batch = decode("{\"metadata\": {\"transmission_timestamp\": 5}, \"events\": [1, \"x\", [], null, {}]}");

        assertThat(batch.events()).extracting(RawEvent::notAnObjectDescription)
                .containsExactly("a number", "a string", "an array", "null", null);
        assertThat(batch.events()).extracting(RawEvent::index).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void unknownTopLevelAndMetadataKeysAndUnusableSendTimesAreWarnings() throws Exception {
        DecodedBatch batch = decode("""
                {"version": 2, "metadata": {"transmission_timestamp": "1795390036318", "sdk": "x", "env_key": 5},
                 "events": [{}]}
                """);

        assertThat(batch.metadata()).isEqualTo(BatchMetadata.NONE);
        assertThat(batch.warnings()).containsExactly(
                "unknown top-level key \"version\" ignored",
                "metadata.transmission_timestamp is a string, expected a number (ms): event times are not corrected for the device clock",
                "unknown metadata key \"sdk\" ignored",
                "metadata.env_key is a number, expected a string: ignored");
    }

    @Test
    void absentMetadataIsAWarningAboutClockCorrection() throws Exception {
        assertThat(decode("{\"events\": [{}]}").warnings()).containsExactly(
                "metadata.transmission_timestamp is absent: event times are not corrected for the device clock");
        assertThat(decode("{\"metadata\": null, \"events\": [{}]}").warnings()).containsExactly(
                "metadata.transmission_timestamp is absent: event times are not corrected for the device clock");
        assertThat(decode("{\"metadata\": {\"env_key\": \"k\"}, \"events\": [{}]}").warnings()).containsExactly(
                "metadata.transmission_timestamp is absent: event times are not corrected for the device clock");
    }

    @Test
    void outOfRangeSendTimeIsAWarning() throws Exception {
        DecodedBatch batch = decode("{\"metadata\": {\"transmission_timestamp\": -1}, \"events\": [{}]}");

        assertThat(batch.metadata().transmissionTimestampMs()).isNull();
        assertThat(batch.warnings()).containsExactly(
                "metadata.transmission_timestamp is out of range: event times are not corrected for the device clock");
    }

    @Test
    void eventsOverTheLimitAreCountedButNotRead() throws Exception {
        BeaconDecoder small = new BeaconDecoder(BeaconLimits.DEFAULT.withMaxEventsPerBatch(2));

        DecodedBatch batch = small.decode("{\"events\": [{}, {}, {\"x\": [1]}, 4]}".getBytes(StandardCharsets.UTF_8));

        assertThat(batch.events()).hasSize(2);
        assertThat(batch.totalEvents()).isEqualTo(4);
        assertThat(batch.eventsOverLimit()).isEqualTo(2);
    }

    @Test
    void malformedBodiesFailAsMalformedJson() {
        assertFailure("", BatchFailureKind.MALFORMED_JSON, "body is empty");
        assertFailure("   ", BatchFailureKind.MALFORMED_JSON, "body is empty");
        assertFailure("{\"events\": [", BatchFailureKind.MALFORMED_JSON, null);
        assertFailure("{events: []}", BatchFailureKind.MALFORMED_JSON, null);
        assertFailure("{\"events\": [{}]} {}", BatchFailureKind.MALFORMED_JSON, null);
        assertFailure("{\"events\": [{\"a\": 1,}]}", BatchFailureKind.MALFORMED_JSON, null);
        // a truncated array inside an over-limit event is still malformed
        assertFailure("{\"events\": [{}, {\"a\": [1, 2}]}", BatchFailureKind.MALFORMED_JSON, null);
    }

    @Test
    void jsonThatIsNotABatchFailsAsNotABatch() {
        assertFailure("[]", BatchFailureKind.NOT_A_BATCH, "body is an array, expected an object with an \"events\" array");
        assertFailure("\"events\"", BatchFailureKind.NOT_A_BATCH, "body is a string, expected an object with an \"events\" array");
        assertFailure("{}", BatchFailureKind.NOT_A_BATCH, "body has no \"events\" array");
        assertFailure("{\"events\": null}", BatchFailureKind.NOT_A_BATCH, "\"events\" is null, expected an array");
        assertFailure("{\"events\": {}}", BatchFailureKind.NOT_A_BATCH, "\"events\" is an object, expected an array");
        assertFailure("{\"events\": [], \"events\": []}", BatchFailureKind.NOT_A_BATCH, "\"events\" appears twice");
        assertFailure("{\"metadata\": [], \"events\": [{}]}", BatchFailureKind.NOT_A_BATCH, "\"metadata\" is an array, expected an object");
    }

    @Test
    void emptyEventsArrayFailsAsEmpty() {
        assertFailure("{\"metadata\": {}, \"events\": []}", BatchFailureKind.EMPTY, "\"events\" is empty: send at least one event");
    }

    private void assertFailure(String json, BatchFailureKind kind, String message) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOfSatisfying(BatchDecodeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    if (message != null) {
                        assertThat(e.getMessage()).isEqualTo(message);
                    }
                    else {
                        assertThat(e.getMessage()).startsWith("body is not valid JSON").contains("(line 1, column");
                    }
                });
    }

    @Test
    void malformedJsonMessageDoesNotEchoTheBody() {
        String secret = "x".repeat(500);
        assertThatThrownBy(() -> decode("{\"events\": [{\"a\": \"" + secret + "\" oops}]}"))
                .isInstanceOfSatisfying(BatchDecodeException.class,
                        e -> assertThat(e.getMessage()).doesNotContain(secret).hasSizeLessThan(400));
    }
}
