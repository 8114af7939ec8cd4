package dev.playtrace.store.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an event's fields as a JSON object and reads them back with the types events carry (String, Long, Double,
 * Boolean): the {@code fields_json} column of {@link EventTable}, the same in every store. {@link #writeUtf8} is not
 * thread-safe (its writer keeps a buffer): one instance per writing thread; the rest is.
 */
public final class EventFieldsJson {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private final EventFieldsJsonWriter utf8Writer = new EventFieldsJsonWriter();

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

    /**
     * What {@link #write} returns, in UTF-8 bytes, without building the String (what a store's appender takes) and,
     * for the types events carry, without Jackson's per-call set-up.
     */
    public byte[] writeUtf8(Map<String, Object> fields) {
        if (fields.isEmpty()) {
            return EMPTY_OBJECT;
        }
        byte[] written = utf8Writer.write(fields);
        if (written != null) {
            return written;
        }
        // through a String, as before: a lone surrogate becomes '?' (Jackson's own UTF-8 output would not be valid UTF-8)
        return write(fields).getBytes(StandardCharsets.UTF_8);
    }

    public Map<String, Object> read(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "stored event fields are not valid JSON", e);
        }
    }
}
