package dev.playtrace.ingest.decode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one CMCD report in text form, comma-separated {@code key=value} pairs (CTA-5004, the Structured Field
 * dictionary syntax): {@code "..."} strings with {@code \"} and {@code \\} escapes, integers and decimals, tokens
 * ({@code st=v}), booleans as a bare key (true) or {@code ?1}/{@code ?0}, and v2 inner lists ({@code br=(3000 1500)}).
 * Parameters ({@code ;k=v}) are read and dropped.
 *
 * <p>Values come out as String (strings and tokens), Long, BigDecimal or Boolean; an inner list as an unmodifiable
 * {@code List} of those (possibly empty).
 */
public final class CmcdLineParser {
    private final String line;
    private int pos;

    private CmcdLineParser(String line) {
        this.line = line;
    }

    public static Map<String, Object> parse(String line) throws CmcdSyntaxException {
        return new CmcdLineParser(line).dictionary();
    }

    private Map<String, Object> dictionary() throws CmcdSyntaxException {
        Map<String, Object> entries = new LinkedHashMap<>();
        skipSpaces();
        if (pos == line.length()) {
            throw new CmcdSyntaxException("the report is empty");
        }
        while (true) {
            String key = key();
            Object value = Boolean.TRUE;
            if (peek() == '=') {
                pos++;
                value = peek() == '(' ? innerList(key) : item(key);
            }
            parameters(key);
            entries.remove(key); // RFC 8941 §4.2.2: a repeated key overwrites the earlier value
            entries.put(key, value);
            skipSpaces();
            if (pos == line.length()) {
                return entries;
            }
            if (line.charAt(pos) != ',') {
                throw new CmcdSyntaxException("expected ',' after the value of \"" + key + "\" at character " + (pos + 1)
                        + ", found '" + line.charAt(pos) + "'");
            }
            pos++;
            skipSpaces();
            if (pos == line.length()) {
                throw new CmcdSyntaxException("the report ends with ','");
            }
        }
    }

    private String key() throws CmcdSyntaxException {
        int start = pos;
        char first = peek();
        if (!(isLower(first) || first == '*')) {
            throw new CmcdSyntaxException("expected a key (lower-case letter) at character " + (pos + 1)
                    + (pos < line.length() ? ", found '" + first + "'" : ""));
        }
        while (pos < line.length() && isKeyChar(line.charAt(pos))) {
            pos++;
        }
        return line.substring(start, pos);
    }

    private List<Object> innerList(String key) throws CmcdSyntaxException {
        pos++; // '('
        List<Object> items = new ArrayList<>();
        while (true) {
            while (peek() == ' ') {
                pos++;
            }
            if (peek() == ')') {
                pos++;
                return Collections.unmodifiableList(items);
            }
            if (pos == line.length()) {
                throw new CmcdSyntaxException("the list value of \"" + key + "\" has no closing ')'");
            }
            items.add(item(key));
            parameters(key);
            if (peek() != ' ' && peek() != ')') {
                throw new CmcdSyntaxException("the list value of \"" + key + "\" has an unexpected character at "
                        + (pos + 1));
            }
        }
    }

    private Object item(String key) throws CmcdSyntaxException {
        char c = peek();
        if (c == '"') {
            return string(key);
        }
        if (c == '?') {
            pos++;
            char b = peek();
            if (b == '1' || b == '0') {
                pos++;
                return b == '1';
            }
            throw new CmcdSyntaxException("the boolean value of \"" + key + "\" is neither ?1 nor ?0");
        }
        if (c == '-' || isDigit(c)) {
            return number(key);
        }
        if (isAlpha(c) || c == '*') {
            int start = pos;
            while (pos < line.length() && isTokenChar(line.charAt(pos))) {
                pos++;
            }
            return line.substring(start, pos);
        }
        throw new CmcdSyntaxException("the value of \"" + key + "\" is missing or starts with '"
                + (pos < line.length() ? String.valueOf(c) : "") + "'; strings must be in double quotes");
    }

    private String string(String key) throws CmcdSyntaxException {
        pos++; // opening quote
        StringBuilder text = new StringBuilder();
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            if (c == '"') {
                return text.toString();
            }
            if (c == '\\') {
                char escaped = pos < line.length() ? line.charAt(pos++) : 0;
                if (escaped != '"' && escaped != '\\') {
                    throw new CmcdSyntaxException("the string value of \"" + key + "\" has an invalid escape; only \\\" and \\\\ are allowed");
                }
                c = escaped;
            }
            text.append(c);
        }
        throw new CmcdSyntaxException("the string value of \"" + key + "\" has no closing quote");
    }

    private Object number(String key) throws CmcdSyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (pos < line.length() && (isDigit(line.charAt(pos)) || line.charAt(pos) == '.')) {
            pos++;
        }
        String text = line.substring(start, pos);
        try {
            if (text.indexOf('.') < 0) {
                return Long.parseLong(text);
            }
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new CmcdSyntaxException("the value of \"" + key + "\" is not a number: " + text);
        }
    }

    private void parameters(String key) throws CmcdSyntaxException {
        while (peek() == ';') {
            pos++;
            skipSpaces();
            String parameter = key();
            if (peek() == '=') {
                pos++;
                item(key + ";" + parameter);
            }
        }
    }

    private char peek() {
        return pos < line.length() ? line.charAt(pos) : 0;
    }

    private void skipSpaces() {
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return isLower(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isKeyChar(char c) {
        return isLower(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*';
    }

    private static boolean isTokenChar(char c) {
        return c > ' ' && c < 0x7f && "\"(),;=?@[\\]{}".indexOf(c) < 0 || c == ':' || c == '/';
    }
}
