package dev.playtrace.ingest.decode;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of checking one field: its normalised value of type {@code T}, or why the event carrying it is rejected.
 * Core fields have their own type ({@code FieldResult<EventName>}, {@code FieldResult<Long>}); other fields are
 * {@code FieldResult<Object>} (String, Long, Double or Boolean, by the field's declared type).
 */
public sealed interface FieldResult<T> {

    /** The valid value; asking an invalid result for it is a programming error (check for {@link Invalid} first). */
    T value();

    /** @param value the normalised value; null for an absent optional field */
    record Valid<T>(T value) implements FieldResult<T> {
    }

    /** @param message names the field and says what was expected; safe to return to the client */
    record Invalid<T>(RejectReason reason, String message) implements FieldResult<T> {
        public Invalid {
            requireNonNull(reason, "reason is null");
            requireNonNull(message, "message is null");
        }

        @Override
        public T value() {
            throw new IllegalStateException("an invalid field has no value: " + message);
        }
    }

    /** An absent optional field (equal to every {@link #absent()}). */
    Valid<Object> ABSENT = new Valid<>(null);

    static <T> FieldResult<T> absent() {
        return new Valid<>(null);
    }

    static <T> FieldResult<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> FieldResult<T> invalid(RejectReason reason, String message) {
        return new Invalid<>(reason, message);
    }

    static <T> FieldResult<T> wrongType(String field, String expected, Object value) {
        if (value instanceof NestedValue nested) {
            return new Invalid<>(RejectReason.NESTED_VALUE, field + " must be " + expected + ", got " + nested.description());
        }
        return new Invalid<>(RejectReason.WRONG_TYPE, field + " must be " + expected + ", got " + describe(value));
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
