package dev.playtrace.server.nativeapi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /data/v1/errors}: the numeric {@code code} Mux's clients expect next to the player's own code. */
class NativeApiErrorCodeTest {
    @Test
    void aWholeNumberPlayerCodeIsTheNumericCodeAndAnyOtherCodeGivesNull() {
        assertThat(NativeApi.numericErrorCode("403")).isEqualTo(403L);
        assertThat(NativeApi.numericErrorCode(" -2 ")).isEqualTo(-2L);
        assertThat(NativeApi.numericErrorCode("bufferAppendError")).isNull();
        assertThat(NativeApi.numericErrorCode("E403")).isNull();
        assertThat(NativeApi.numericErrorCode("1.5")).isNull();
        assertThat(NativeApi.numericErrorCode("12345678901234567890")).as("too long for a safe number").isNull();
        assertThat(NativeApi.numericErrorCode(null)).isNull();
    }

    @Test
    void thePropertyIdOfAProjectIsAStableSafeJavaScriptInteger() {
        long id = ViewJson.propertyNumber("proj_test");
        assertThat(id).isEqualTo(ViewJson.propertyNumber("proj_test")).isNotEqualTo(ViewJson.propertyNumber("proj_other"));
        assertThat(id).isBetween(0L, (1L << 53) - 1);
    }
}
