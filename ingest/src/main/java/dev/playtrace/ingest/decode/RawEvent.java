package dev.playtrace.ingest.decode;

import java.util.Map;

/**
 * One element of a batch's {@code events} array as read from JSON, before validation.
 *
 * @param index position in the {@code events} array (0-based), the index of any rejection
 * @param fields the event's fields in body order: String, Long, Double, BigInteger, Boolean or {@link NestedValue};
 *        JSON nulls are left out (null means absent); null when the element was not a JSON object
 * @param notAnObjectDescription what the element was instead of an object ("a string", ...), else null
 */
public record RawEvent(int index, Map<String, Object> fields, String notAnObjectDescription) {

    public static RawEvent of(int index, Map<String, Object> fields) {
        return new RawEvent(index, fields, null);
    }

    public static RawEvent notAnObject(int index, String description) {
        return new RawEvent(index, null, description);
    }

    public boolean isObject() {
        return fields != null;
    }
}
