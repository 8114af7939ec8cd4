package dev.playtrace.server.facade.ncp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The worked examples of vendor_apis.md §2.1 as test vectors. */
class NcpSignatureTest {
    private static final String ACCESS_KEY = "AKIDEXAMPLE0000000000";
    private static final String SECRET_KEY = "SECRETEXAMPLE0000000000000000000000000000";
    private static final String TIMESTAMP = "1755591000123";

    @Test
    void statusStatisticExampleSignsAsDocumented() {
        String signature = NcpSignature.sign(SECRET_KEY, "GET", "/api/v2/status/status-statistic",
                "workStartTimeFrom=1755590820000&workStartTimeTo=1755591000000", TIMESTAMP, ACCESS_KEY);

        assertThat(signature).isEqualTo("LFQjLZjWYpdin00vbdbIcCtFkc646ZvPLoGjEPfnjJU=");
    }

    @Test
    void categoryExampleSignsAsDocumented() {
        String signature = NcpSignature.sign(SECRET_KEY, "GET", "/api/v2/category", "pageNo=1&pageSizeNo=20",
                TIMESTAMP, ACCESS_KEY);

        assertThat(signature).isEqualTo("Sr5iWaEDA7tB+bzX6brE8jP8wRS24U+E3VQHW9VMUJ4=");
    }

    @Test
    void stringToSignAddsNoQuestionMarkWithoutQuery() {
        assertThat(NcpSignature.stringToSign("get", "/api/v2/category", null, TIMESTAMP, ACCESS_KEY))
                .isEqualTo("GET /api/v2/category\n1755591000123\nAKIDEXAMPLE0000000000");
        assertThat(NcpSignature.stringToSign("GET", "/api/v2/category", "", TIMESTAMP, ACCESS_KEY))
                .isEqualTo("GET /api/v2/category\n1755591000123\nAKIDEXAMPLE0000000000");
    }

    @Test
    void comparisonIsExact() {
        String good = "LFQjLZjWYpdin00vbdbIcCtFkc646ZvPLoGjEPfnjJU=";
        assertThat(NcpSignature.matches(good, good)).isTrue();
        assertThat(NcpSignature.matches(good, "Sr5iWaEDA7tB+bzX6brE8jP8wRS24U+E3VQHW9VMUJ4=")).isFalse();
        assertThat(NcpSignature.matches(good, "")).isFalse();
    }
}
