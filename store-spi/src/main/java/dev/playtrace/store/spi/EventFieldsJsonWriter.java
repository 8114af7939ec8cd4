package dev.playtrace.store.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes an event's fields as the UTF-8 bytes of a JSON object: byte for byte the UTF-8 of the text Jackson writes
 * for the same map (same entry order, escapes and number forms), without Jackson's per-call generator set-up and the
 * String it returns. The events writer calls it once per stored event; under the batched ingest benchmark Jackson's
 * call was most of the events append's time (bench/NOTES.md). A map it cannot write exactly that way (a value that
 * is not a String, Long, Integer, Boolean, finite Double or null; a string with a surrogate) is answered
 * {@code null}, and the caller writes it with Jackson. Not thread-safe: it keeps its buffer.
 */
final class EventFieldsJsonWriter {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer = new byte[512];
    private int length;

    /** The map as JSON bytes, or {@code null} when Jackson has to write it. */
    byte[] write(Map<String, Object> fields) {
        length = 0;
        put((byte) '{');
        boolean first = true;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!first) {
                put((byte) ',');
            }
            first = false;
            if (!putString(field.getKey())) {
                return null;
            }
            put((byte) ':');
            if (!putValue(field.getValue())) {
                return null;
            }
        }
        put((byte) '}');
        return Arrays.copyOf(buffer, length);
    }

    private boolean putValue(Object value) {
        switch (value) {
            case null -> put(NULL);
            case String text -> {
                return putString(text);
            }
            case Long number -> putAscii(Long.toString(number));
            case Integer number -> putAscii(Integer.toString(number));
            case Boolean flag -> put(flag ? TRUE : FALSE);
            case Double number -> {
                // Jackson quotes NaN and the infinities; it writes every other double as Double.toString does
                if (!Double.isFinite(number)) {
                    return false;
                }
                putAscii(Double.toString(number));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A quoted string with Jackson's escapes; false for a string with a surrogate (Jackson's handling differs). */
    private boolean putString(String text) {
        ensure(text.length() * 6 + 2);
        buffer[length++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buffer[length++] = (byte) c;
            } else if (c < 0x80) {
                putEscaped(c);
            } else if (c < 0x800) {
                buffer[length++] = (byte) (0xC0 | (c >> 6));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                return false;
            } else {
                buffer[length++] = (byte) (0xE0 | (c >> 12));
                buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        buffer[length++] = '"';
        return true;
    }

    /** A quote, a backslash or a control character; room for it was ensured by the caller. */
    private void putEscaped(char c) {
        buffer[length++] = '\\';
        switch (c) {
            case '"' -> buffer[length++] = '"';
            case '\\' -> buffer[length++] = '\\';
            case '\b' -> buffer[length++] = 'b';
            case '\t' -> buffer[length++] = 't';
            case '\n' -> buffer[length++] = 'n';
            case '\f' -> buffer[length++] = 'f';
            case '\r' -> buffer[length++] = 'r';
            default -> {
                buffer[length++] = 'u';
                buffer[length++] = '0';
                buffer[length++] = '0';
                buffer[length++] = HEX[c >> 4];
                buffer[length++] = HEX[c & 0xF];
            }
        }
    }

    private void putAscii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
