package dev.playtrace.ingest.decode;

import static java.util.Objects.requireNonNull;

/** The outcome of checking one field: its normalised value, or why the event carrying it is rejected. */
public sealed interface FieldResult {

    /** @param value the normalised value (String, Long, Double, Boolean, or the parsed type of a core field); null for an absent optional field */
    record Valid(Object value) implements FieldResult {
    }

    /** @param message names the field and says what was expected; safe to return to the client */
    record Invalid(RejectReason reason, String message) implements FieldResult {
        public Invalid {
            requireNonNull(reason, "reason is null");
            requireNonNull(message, "message is null");
        }
    }

    Valid ABSENT = new Valid(null);

    static FieldResult valid(Object value) {
        return new Valid(value);
    }

    static FieldResult invalid(RejectReason reason, String message) {
        return new Invalid(reason, message);
    }

    static FieldResult wrongType(String field, String expected, Object value) {
        if (value instanceof NestedValue nested) {
            return new Invalid(RejectReason.NESTED_VALUE, field + " must be " + expected + ", got " + nested.description());
        }
        return new Invalid(RejectReason.WRONG_TYPE, field + " must be " + expected + ", got " + describe(value));
    }

    /** How a raw decoded value is named in messages. */
    static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String ignored -> "a string";
            case Boolean ignored -> "a boolean";
            case NestedValue nested -> nested.description();
            case Number ignored -> "a number";
            default -> "an unsupported value";
        };
    }
}
