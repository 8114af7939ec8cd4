package dev.playtrace.ingest.decode;

import dev.playtrace.ingest.enrich.DeviceCategory;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/** The type of a known event field, and how a raw JSON value is checked and normalised into it. */
public enum FieldType {
    /** Text; a JSON number is accepted and stored as its decimal text ({@code 42} becomes {@code "42"}). */
    TEXT {
        @Override
        public FieldResult<Object> check(String field, Object value, BeaconLimits limits) {
            return text(field, value, limits);
        }
    },
    /** A number ≥ 0 (pixels, bits per second, milliseconds), stored as Long when whole, else Double. */
    NON_NEGATIVE_NUMBER {
        @Override
        public FieldResult<Object> check(String field, Object value, BeaconLimits limits) {
            return switch (value) {
                case Long number when number >= 0 -> FieldResult.valid(number);
                case Double number when Double.isFinite(number) && number >= 0 -> FieldResult.valid(wholeAsLong(number));
                case Long ignored -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " must be ≥ 0, got " + value);
                case Double ignored -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " must be a finite number ≥ 0, got " + value);
                case BigInteger ignored -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " is out of range");
                default -> FieldResult.wrongType(field, "a number", value);
            };
        }
    },
    /** {@code true} or {@code false} (not the strings). */
    BOOLEAN {
        @Override
        public FieldResult<Object> check(String field, Object value, BeaconLimits limits) {
            return value instanceof Boolean ? FieldResult.valid(value) : FieldResult.wrongType(field, "true or false", value);
        }
    },
    /** An error code: text, or an integer stored as its decimal text (players report numeric codes). */
    ERROR_CODE {
        @Override
        public FieldResult<Object> check(String field, Object value, BeaconLimits limits) {
            if (value instanceof Boolean || value instanceof NestedValue) {
                return FieldResult.wrongType(field, "a string or an integer", value);
            }
            return text(field, value, limits);
        }
    },
    /** {@code fatal} or {@code warning}, any case, stored in lower case. */
    ERROR_SEVERITY {
        @Override
        public FieldResult<Object> check(String field, Object value, BeaconLimits limits) {
            if (!(value instanceof String text)) {
                return FieldResult.wrongType(field, "\"fatal\" or \"warning\"", value);
            }
            String severity = text.trim().toLowerCase(Locale.ROOT);
            if (severity.equals("fatal") || severity.equals("warning")) {
                return FieldResult.valid(severity);
            }
            return FieldResult.invalid(RejectReason.INVALID_VALUE,
                    field + " must be \"fatal\" or \"warning\", got \"" + BeaconDecoder.truncate(text) + "\"");
        }
    },
    /** {@code on-demand} (also {@code vod}) or {@code live}, any case, stored as {@code on-demand} or {@code live}. */
    STREAM_TYPE {
        @Override
        public FieldResult<Object> check(String field, Object value, BeaconLimits limits) {
            if (!(value instanceof String text)) {
                return FieldResult.wrongType(field, "\"on-demand\" or \"live\"", value);
            }
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "on-demand", "vod" -> FieldResult.valid("on-demand");
                case "live" -> FieldResult.valid("live");
                default -> FieldResult.invalid(RejectReason.INVALID_VALUE,
                        field + " must be \"on-demand\", \"vod\" or \"live\", got \"" + BeaconDecoder.truncate(text) + "\"");
            };
        }
    },
    /** One of the {@link DeviceCategory} wire names, any case, stored in lower case. */
    DEVICE_CATEGORY {
        @Override
        public FieldResult<Object> check(String field, Object value, BeaconLimits limits) {
            if (!(value instanceof String text)) {
                return FieldResult.wrongType(field, "a device category", value);
            }
            Optional<DeviceCategory> category = DeviceCategory.fromWire(text);
            if (category.isPresent()) {
                return FieldResult.valid(category.get().wireName());
            }
            return FieldResult.invalid(RejectReason.INVALID_VALUE, field + " must be one of "
                    + DeviceCategory.wireNames() + ", got \"" + BeaconDecoder.truncate(text) + "\"");
        }
    },
    /** An ISO 3166-1 alpha-2 code, any case, stored in upper case. */
    COUNTRY_CODE {
        @Override
        public FieldResult<Object> check(String field, Object value, BeaconLimits limits) {
            if (!(value instanceof String text)) {
                return FieldResult.wrongType(field, "a two-letter country code", value);
            }
            String code = text.trim().toUpperCase(Locale.ROOT);
            if (code.length() == 2 && isAsciiLetter(code.charAt(0)) && isAsciiLetter(code.charAt(1))) {
                return FieldResult.valid(code);
            }
            return FieldResult.invalid(RejectReason.INVALID_VALUE,
                    field + " must be a two-letter country code, got \"" + BeaconDecoder.truncate(text) + "\"");
        }
    };

    public abstract FieldResult<Object> check(String field, Object value, BeaconLimits limits);

    /** Checks a field no rule knows: any scalar is kept as sent (text within the text limits). */
    public static FieldResult<Object> checkUnknown(String field, Object value, BeaconLimits limits) {
        return switch (value) {
            case String text -> checkLength(field, text, limits);
            case Long number -> FieldResult.valid(number);
            case Boolean flag -> FieldResult.valid(flag);
            case Double number when Double.isFinite(number) -> FieldResult.valid(number);
            case Double number -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " is out of range");
            case BigInteger number -> FieldResult.valid(number.doubleValue());
            default -> FieldResult.wrongType(field, "a string, a number or a boolean", value);
        };
    }

    private static FieldResult<Object> text(String field, Object value, BeaconLimits limits) {
        return switch (value) {
            case String text -> checkLength(field, text, limits);
            case Long number -> FieldResult.valid(number.toString());
            case BigInteger number -> FieldResult.valid(number.toString());
            case Double number when Double.isFinite(number) -> FieldResult.valid(numberText(number));
            case Double ignored -> FieldResult.invalid(RejectReason.INVALID_VALUE, field + " is out of range");
            default -> FieldResult.wrongType(field, "a string", value);
        };
    }

    private static FieldResult<Object> checkLength(String field, String text, BeaconLimits limits) {
        int limit = maxLength(field, limits);
        if (text.length() > limit) {
            return FieldResult.invalid(RejectReason.TOO_LONG,
                    field + " is " + text.length() + " characters long, at most " + limit + " are accepted");
        }
        return FieldResult.valid(text);
    }

    static int maxLength(String field, BeaconLimits limits) {
        return field.endsWith("_url") ? limits.maxUrlLength() : limits.maxTextLength();
    }

    static Object wholeAsLong(double number) {
        if (number == Math.rint(number) && Math.abs(number) <= BeaconDecoder.MAX_SAFE_INTEGER) {
            return (long) number;
        }
        return number;
    }

    private static String numberText(double number) {
        Object whole = wholeAsLong(number);
        return whole instanceof Long asLong ? asLong.toString() : Double.toString(number);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
