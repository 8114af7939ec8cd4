package dev.playtrace.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads a native (long-form) beacon body, {@code {"metadata": {...}, "events": [{...}, ...]}}, into a
 * {@link DecodedBatch} with one streaming pass; it judges the shape of the body, not the events' fields. A body sent
 * by mux-embed, with compressed keys, is read into the same long-form events ({@link MuxEventAdapter}).
 *
 * <p>Thread-safe: one instance serves all requests.
 */
public final class BeaconDecoder {
    /** Integers above this are not exact in a JavaScript number; no timestamp can be that large. */
    static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    private static final String METADATA = "metadata";
    private static final String EVENTS = "events";
    private static final String TRANSMISSION_TIMESTAMP = "transmission_timestamp";
    private static final String RTT_MS = "rtt_ms";
    private static final String ENV_KEY = "env_key";
    private static final Set<String> METADATA_KEYS = Set.of(TRANSMISSION_TIMESTAMP, RTT_MS, ENV_KEY);
    private static final String NO_TRANSMISSION_TIMESTAMP =
            "metadata.transmission_timestamp is absent: event times are not corrected for the device clock";

    private final JsonFactory jsonFactory = JsonFactory.builder().build();
    private final BeaconLimits limits;

    public BeaconDecoder(BeaconLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    public DecodedBatch decode(byte[] body) throws BatchDecodeException {
        requireNonNull(body, "body is null");
        try (JsonParser parser = jsonFactory.createParser(body)) {
            return readBatch(parser);
        }
        catch (JsonProcessingException e) {
            throw new BatchDecodeException(BatchFailureKind.MALFORMED_JSON, describe(e));
        }
        catch (IOException e) {
            // a byte array cannot fail to read; anything else Jackson raises is a syntax problem
            throw new BatchDecodeException(BatchFailureKind.MALFORMED_JSON, "body is not valid JSON");
        }
    }

    private DecodedBatch readBatch(JsonParser parser) throws IOException, BatchDecodeException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new BatchDecodeException(BatchFailureKind.MALFORMED_JSON, "body is empty");
        }
        if (first != JsonToken.START_OBJECT) {
            parser.skipChildren();
            requireEndOfInput(parser);
            throw notABatch("body is " + describeToken(first) + ", expected an object with an \"events\" array");
        }
        List<String> warnings = new ArrayList<>();
        BatchMetadata metadata = null;
        List<RawEvent> events = null;
        int totalEvents = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case METADATA -> {
                    if (metadata != null) {
                        throw notABatch("\"metadata\" appears twice");
                    }
                    if (value == JsonToken.VALUE_NULL) {
                        metadata = BatchMetadata.NONE;
                        warnings.add(NO_TRANSMISSION_TIMESTAMP);
                    }
                    else if (value == JsonToken.START_OBJECT) {
                        metadata = readMetadata(parser, warnings);
                    }
                    else {
                        throw notABatch("\"metadata\" is " + describeToken(value) + ", expected an object");
                    }
                }
                case EVENTS -> {
                    if (events != null) {
                        throw notABatch("\"events\" appears twice");
                    }
                    if (value != JsonToken.START_ARRAY) {
                        throw notABatch("\"events\" is " + describeToken(value) + ", expected an array");
                    }
                    events = new ArrayList<>();
                    totalEvents = readEvents(parser, events);
                }
                default -> {
                    parser.skipChildren();
                    warnings.add("unknown top-level key \"" + truncate(name) + "\" ignored");
                }
            }
        }
        requireEndOfInput(parser);
        if (events == null) {
            throw notABatch("body has no \"events\" array");
        }
        if (totalEvents == 0) {
            throw new BatchDecodeException(BatchFailureKind.EMPTY, "\"events\" is empty: send at least one event");
        }
        if (metadata == null) {
            metadata = BatchMetadata.NONE;
            warnings.add(NO_TRANSMISSION_TIMESTAMP);
        }
        return new DecodedBatch(metadata, events, totalEvents, warnings);
    }

    private BatchMetadata readMetadata(JsonParser parser, List<String> warnings) throws IOException {
        Long transmissionTimestamp = null;
        boolean transmissionTimestampSeen = false;
        String envKey = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = MuxEventAdapter.metadataKey(parser.currentName(), METADATA_KEYS);
            JsonToken value = parser.nextToken();
            switch (name) {
                case TRANSMISSION_TIMESTAMP -> {
                    transmissionTimestampSeen = value != JsonToken.VALUE_NULL;
                    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                        double timestamp = parser.getDoubleValue();
                        if (timestamp >= 1 && timestamp <= MAX_SAFE_INTEGER) {
                            transmissionTimestamp = (long) Math.floor(timestamp);
                        }
                        else {
                            warnings.add("metadata.transmission_timestamp is out of range: event times are not"
                                    + " corrected for the device clock");
                        }
                    }
                    else if (value != JsonToken.VALUE_NULL) {
                        parser.skipChildren();
                        warnings.add("metadata.transmission_timestamp is " + describeToken(value)
                                + ", expected a number (ms): event times are not corrected for the device clock");
                    }
                }
                case ENV_KEY -> {
                    if (value == JsonToken.VALUE_STRING) {
                        envKey = parser.getText();
                    }
                    else if (value != JsonToken.VALUE_NULL) {
                        parser.skipChildren();
                        warnings.add("metadata.env_key is " + describeToken(value) + ", expected a string: ignored");
                    }
                }
                case RTT_MS -> parser.skipChildren();
                default -> {
                    parser.skipChildren();
                    warnings.add("unknown metadata key \"" + truncate(name) + "\" ignored");
                }
            }
        }
        if (!transmissionTimestampSeen) {
            warnings.add(NO_TRANSMISSION_TIMESTAMP);
        }
        return new BatchMetadata(transmissionTimestamp, envKey);
    }

    /** Reads the array's elements up to the limit into {@code events}; returns how many elements it had. */
    private int readEvents(JsonParser parser, List<RawEvent> events) throws IOException {
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (index >= limits.maxEventsPerBatch()) {
                parser.skipChildren();
            }
            else if (token == JsonToken.START_OBJECT) {
                events.add(RawEvent.of(index, MuxEventAdapter.toLongForm(readEvent(parser))));
            }
            else {
                parser.skipChildren();
                events.add(RawEvent.notAnObject(index, describeToken(token)));
            }
            index++;
        }
        return index;
    }

    private static Map<String, Object> readEvent(JsonParser parser) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            Object value = switch (token) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT, LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
                case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case START_OBJECT -> {
                    parser.skipChildren();
                    yield NestedValue.OBJECT;
                }
                case START_ARRAY -> {
                    parser.skipChildren();
                    yield NestedValue.ARRAY;
                }
                default -> null; // VALUE_NULL: null means absent
            };
            if (value == null) {
                fields.remove(name);
            }
            else {
                fields.put(name, value);
            }
        }
        return fields;
    }

    private static void requireEndOfInput(JsonParser parser) throws IOException, BatchDecodeException {
        if (parser.nextToken() != null) {
            throw new BatchDecodeException(BatchFailureKind.MALFORMED_JSON,
                    "body is not valid JSON: unexpected content after the JSON value" + at(parser.currentLocation()));
        }
    }

    private static BatchDecodeException notABatch(String message) {
        return new BatchDecodeException(BatchFailureKind.NOT_A_BATCH, message);
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            message = "invalid JSON";
        }
        // Jackson's messages can run long and quote the input; keep the first line
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        return "body is not valid JSON: " + truncate(message) + at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static String describeToken(JsonToken token) {
        if (token == null) {
            return "missing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "not a value";
        };
    }

    static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
