package dev.playtrace.ingest.decode;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FieldTypeTest {
    private static final BeaconLimits LIMITS = BeaconLimits.DEFAULT;

    private static Object valid(FieldType type, Object value) {
        FieldResult result = type.check("f", value, LIMITS);
        assertThat(result).isInstanceOf(FieldResult.Valid.class);
        return ((FieldResult.Valid) result).value();
    }

    private static FieldResult.Invalid invalid(FieldType type, String field, Object value) {
        FieldResult result = type.check(field, value, LIMITS);
        assertThat(result).isInstanceOf(FieldResult.Invalid.class);
        return (FieldResult.Invalid) result;
    }

    @Test
    void textAcceptsStringsUpToTheLimitAndNumbersAsTheirDecimalText() {
        assertThat(valid(FieldType.TEXT, "t".repeat(1024))).isEqualTo("t".repeat(1024));
        assertThat(valid(FieldType.TEXT, 42L)).isEqualTo("42");
        assertThat(valid(FieldType.TEXT, 42.0)).isEqualTo("42");
        assertThat(valid(FieldType.TEXT, 4.25)).isEqualTo("4.25");
        assertThat(valid(FieldType.TEXT, new BigInteger("123456789012345678901234"))).isEqualTo("123456789012345678901234");
        assertThat(invalid(FieldType.TEXT, "video_title", "t".repeat(1025)).reason()).isEqualTo(RejectReason.TOO_LONG);
        assertThat(invalid(FieldType.TEXT, "video_title", false).message()).isEqualTo("video_title must be a string, got a boolean");
        assertThat(invalid(FieldType.TEXT, "video_title", NestedValue.ARRAY).reason()).isEqualTo(RejectReason.NESTED_VALUE);
    }

    @Test
    void urlFieldsMayBeLongerThanOtherText() {
        assertThat(FieldType.TEXT.check("page_url", "u".repeat(4096), LIMITS)).isInstanceOf(FieldResult.Valid.class);
        assertThat(invalid(FieldType.TEXT, "page_url", "u".repeat(4097)).message())
                .isEqualTo("page_url is 4097 characters long, at most 4096 are accepted");
    }

    @Test
    void nonNegativeNumbersAreLongWhenWholeElseDouble() {
        assertThat(valid(FieldType.NON_NEGATIVE_NUMBER, 0L)).isEqualTo(0L);
        assertThat(valid(FieldType.NON_NEGATIVE_NUMBER, 1280.0)).isEqualTo(1280L);
        assertThat(valid(FieldType.NON_NEGATIVE_NUMBER, 1280.5)).isEqualTo(1280.5);
        assertThat(invalid(FieldType.NON_NEGATIVE_NUMBER, "player_width", -1L).reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(invalid(FieldType.NON_NEGATIVE_NUMBER, "player_width", Double.POSITIVE_INFINITY).reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(invalid(FieldType.NON_NEGATIVE_NUMBER, "player_width", new BigInteger("99999999999999999999")).reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(invalid(FieldType.NON_NEGATIVE_NUMBER, "player_width", "640").message()).isEqualTo("player_width must be a number, got a string");
    }

    @Test
    void booleansAreOnlyJsonBooleans() {
        assertThat(valid(FieldType.BOOLEAN, true)).isEqualTo(true);
        assertThat(invalid(FieldType.BOOLEAN, "player_error_business_exception", "true").message())
                .isEqualTo("player_error_business_exception must be true or false, got a string");
        assertThat(invalid(FieldType.BOOLEAN, "player_error_business_exception", 1L).reason()).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void errorCodesAreTextOrIntegers() {
        assertThat(valid(FieldType.ERROR_CODE, 4L)).isEqualTo("4");
        assertThat(valid(FieldType.ERROR_CODE, "MEDIA_ERR_DECODE")).isEqualTo("MEDIA_ERR_DECODE");
        assertThat(invalid(FieldType.ERROR_CODE, "player_error_code", true).reason()).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void severityAndStreamTypeAreNormalised() {
        assertThat(valid(FieldType.ERROR_SEVERITY, "FATAL")).isEqualTo("fatal");
        assertThat(valid(FieldType.ERROR_SEVERITY, "warning")).isEqualTo("warning");
        assertThat(invalid(FieldType.ERROR_SEVERITY, "player_error_severity", "error").message())
                .isEqualTo("player_error_severity must be \"fatal\" or \"warning\", got \"error\"");
        assertThat(valid(FieldType.STREAM_TYPE, "on-demand")).isEqualTo("on-demand");
        assertThat(valid(FieldType.STREAM_TYPE, "On-Demand")).isEqualTo("on-demand");
        assertThat(valid(FieldType.STREAM_TYPE, "vod")).isEqualTo("on-demand");
        assertThat(valid(FieldType.STREAM_TYPE, "VOD")).isEqualTo("on-demand");
        assertThat(valid(FieldType.STREAM_TYPE, "Live")).isEqualTo("live");
        assertThat(invalid(FieldType.STREAM_TYPE, "video_stream_type", "ondemand").reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(invalid(FieldType.STREAM_TYPE, "video_stream_type", 1L).reason()).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void deviceCategoriesAndCountryCodesAreNormalised() {
        assertThat(valid(FieldType.DEVICE_CATEGORY, "Phone")).isEqualTo("phone");
        assertThat(invalid(FieldType.DEVICE_CATEGORY, "viewer_device_category", "mobile").message())
                .isEqualTo("viewer_device_category must be one of [desktop, phone, tablet, tv, console, wearable, bot, unknown], got \"mobile\"");
        assertThat(valid(FieldType.COUNTRY_CODE, "fr")).isEqualTo("FR");
        assertThat(invalid(FieldType.COUNTRY_CODE, "country_code", "FRA").reason()).isEqualTo(RejectReason.INVALID_VALUE);
    }

    @Test
    void unknownFieldsKeepAnyScalar() {
        assertThat(FieldType.checkUnknown("x", "text", LIMITS)).isEqualTo(FieldResult.valid("text"));
        assertThat(FieldType.checkUnknown("x", 3L, LIMITS)).isEqualTo(FieldResult.valid(3L));
        assertThat(FieldType.checkUnknown("x", 3.5, LIMITS)).isEqualTo(FieldResult.valid(3.5));
        assertThat(FieldType.checkUnknown("x", false, LIMITS)).isEqualTo(FieldResult.valid(false));
        assertThat(FieldType.checkUnknown("x", new BigInteger("100000000000000000000"), LIMITS)).isEqualTo(FieldResult.valid(1.0E20));
        assertThat(FieldType.checkUnknown("x", NestedValue.OBJECT, LIMITS))
                .isEqualTo(FieldResult.invalid(RejectReason.NESTED_VALUE, "x must be a string, a number or a boolean, got an object"));
        assertThat(FieldType.checkUnknown("x", "t".repeat(1025), LIMITS)).isInstanceOf(FieldResult.Invalid.class);
    }

    @Test
    void knownFieldsCoverEveryDimensionBeaconField() {
        for (dev.playtrace.model.Dimension dimension : dev.playtrace.model.Dimension.values()) {
            if (dimension.beaconField() != null) {
                assertThat(KnownFields.typeOf(dimension.beaconField())).as(dimension.beaconField()).isPresent();
            }
        }
        assertThat(KnownFields.typeOf("player_error_code")).contains(FieldType.ERROR_CODE);
        assertThat(KnownFields.typeOf("view_id")).isEmpty();
    }
}
