package dev.playtrace.ingest.bus;

import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a batch of {@link PlayerEvent}s on a bus (the local log's records, Kafka message values).
 * Compact and fast: variable-length integers, UTF-8 strings, one tag byte per field value. Version 1:
 * {@code version, count, then per event: project, view, sequence, name, event time, viewer time, playhead?, received
 * time, field count, (key, tag, value)*}. A reader refuses bytes that do not decode to exactly this shape.
 */
public final class EventCodec {
    private static final int VERSION = 1;
    private static final int TAG_STRING = 1;
    private static final int TAG_LONG = 2;
    private static final int TAG_DOUBLE = 3;
    private static final int TAG_TRUE = 4;
    private static final int TAG_FALSE = 5;
    private static final EventName[] NAMES = EventName.values();

    private EventCodec() {
    }

    public static byte[] encode(List<PlayerEvent> events) {
        Writer out = new Writer(64 + events.size() * 96);
        out.varint(VERSION);
        out.varint(events.size());
        for (PlayerEvent event : events) {
            out.string(event.projectId());
            out.string(event.viewId());
            out.varlong(event.sequenceNumber());
            out.varint(event.name().ordinal());
            out.varlong(event.eventTimeMs());
            out.varlong(event.eventTimeMs() - event.viewerTimeMs());
            if (event.playheadMs() == null) {
                out.varint(0);
            } else {
                out.varint(1);
                out.varlong(event.playheadMs());
            }
            out.varlong(event.receivedAtMs() - event.eventTimeMs());
            out.varint(event.fields().size());
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                out.string(field.getKey());
                out.value(field.getKey(), field.getValue());
            }
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not one whole encoded batch */
    public static List<PlayerEvent> decode(byte[] bytes) {
        Reader in = new Reader(bytes);
        int version = in.varint();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown event batch version " + version);
        }
        int count = in.count();
        List<PlayerEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String projectId = in.string();
            String viewId = in.string();
            long sequence = in.varlong();
            int nameIndex = in.varint();
            if (nameIndex < 0 || nameIndex >= NAMES.length) {
                throw new IllegalArgumentException("unknown event name index " + nameIndex);
            }
            long eventTimeMs = in.varlong();
            long viewerTimeMs = eventTimeMs - in.varlong();
            Long playheadMs = in.varint() == 0 ? null : in.varlong();
            long receivedAtMs = eventTimeMs + in.varlong();
            int fieldCount = in.count();
            Map<String, Object> fields = new LinkedHashMap<>(fieldCount * 2);
            for (int f = 0; f < fieldCount; f++) {
                String key = in.key();
                fields.put(key, in.value());
            }
            events.add(new PlayerEvent(projectId, viewId, sequence, NAMES[nameIndex], eventTimeMs, viewerTimeMs,
                    playheadMs, receivedAtMs, fields));
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after " + count + " events");
        }
        return events;
    }

    private static final class Writer {
        private byte[] buffer;
        private int size;

        Writer(int capacity) {
            buffer = new byte[capacity];
        }

        void varint(int value) {
            varlong(value & 0xFFFFFFFFL);
        }

        void varlong(long value) {
            long zigzag = (value << 1) ^ (value >> 63);
            ensure(10);
            while ((zigzag & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            buffer[size++] = (byte) zigzag;
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buffer, size, utf8.length);
            size += utf8.length;
        }

        void value(String key, Object value) {
            switch (value) {
                case String text -> {
                    varint(TAG_STRING);
                    string(text);
                }
                case Long number -> {
                    varint(TAG_LONG);
                    varlong(number);
                }
                case Integer number -> {
                    varint(TAG_LONG);
                    varlong(number);
                }
                case Double number -> {
                    varint(TAG_DOUBLE);
                    varlong(Double.doubleToRawLongBits(number));
                }
                case Boolean flag -> varint(flag ? TAG_TRUE : TAG_FALSE);
                default -> throw new IllegalArgumentException("field " + key + " has a value of type "
                        + value.getClass().getSimpleName() + "; events carry String, Long, Double or Boolean");
            }
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private final Map<String, String> keys = new HashMap<>();
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int varint() {
            long value = varlong();
            if (value != (int) value && value != (value & 0xFFFFFFFFL)) {
                throw new IllegalArgumentException("integer out of range at byte " + position);
            }
            return (int) value;
        }

        /** A count of items still to come: each takes at least one byte, so a larger one is corrupt. */
        int count() {
            int count = varint();
            if (count < 0 || count > bytes.length - position) {
                throw new IllegalArgumentException("implausible count " + count + " at byte " + position);
            }
            return count;
        }

        long varlong() {
            long zigzag = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) {
                    throw new IllegalArgumentException("truncated at byte " + position);
                }
                byte b = bytes[position++];
                zigzag |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return (zigzag >>> 1) ^ -(zigzag & 1);
                }
            }
            throw new IllegalArgumentException("integer too long at byte " + position);
        }

        String string() {
            int length = count();
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        /** Field names repeat in every event: one String per name and batch. */
        String key() {
            String key = string();
            String known = keys.putIfAbsent(key, key);
            return known == null ? key : known;
        }

        Object value() {
            int tag = varint();
            return switch (tag) {
                case TAG_STRING -> string();
                case TAG_LONG -> varlong();
                case TAG_DOUBLE -> Double.longBitsToDouble(varlong());
                case TAG_TRUE -> Boolean.TRUE;
                case TAG_FALSE -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("unknown value tag " + tag + " at byte " + position);
            };
        }

        boolean atEnd() {
            return position == bytes.length;
        }
    }
}
