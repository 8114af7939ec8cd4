package dev.playtrace.store.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.util.Map;

/**
 * Writes an event's fields as a JSON object and reads them back with the types events carry (String, Long, Double,
 * Boolean): the {@code fields_json} column of {@link EventTable}, the same in every store.
 */
public final class EventFieldsJson {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    public String write(Map<String, Object> fields) {
        if (fields.isEmpty()) {
            // most events after a view's first carry only what changed, often nothing
            return "{}";
        }
        try {
            return mapper.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new PlaytraceException(ErrorCode.INTERNAL, "event fields cannot be written as JSON", e);
        }
    }

    public Map<String, Object> read(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "stored event fields are not valid JSON", e);
        }
    }
}
