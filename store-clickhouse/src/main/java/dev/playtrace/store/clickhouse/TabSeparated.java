package dev.playtrace.store.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * ClickHouse's {@code TabSeparated} text: fields separated by tabs, rows by newlines, {@code \N} for null and
 * backslash escapes inside a field. Inserts are written and results read in it, because it is the one format that
 * 18.16 and current releases read and write alike.
 */
final class TabSeparated {
    static final String NULL = "\\N";

    private TabSeparated() {
    }

    /** Appends one row; values are written as {@link #field} does. */
    static void appendRow(StringBuilder out, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            appendField(out, values[i]);
        }
        out.append('\n');
    }

    static void appendField(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append(NULL);
            case Boolean bool -> out.append(bool ? '1' : '0');
            case Double number -> out.append(number.isNaN() ? "nan"
                    : number.isInfinite() ? (number > 0 ? "inf" : "-inf") : number.toString());
            case Number number -> out.append(number);
            case Enum<?> constant -> escape(out, constant.name());
            default -> escape(out, value.toString());
        }
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
    }

    /** The fields of one line (without its newline), unescaped; {@code \N} becomes null. */
    static List<String> splitRow(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean escapedNull = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                fields.add(escapedNull && field.isEmpty() ? null : field.toString());
                field.setLength(0);
                escapedNull = false;
            } else if (c == '\\' && i + 1 < line.length()) {
                char escaped = line.charAt(++i);
                if (escaped == 'N' && field.isEmpty()) {
                    escapedNull = true;
                } else {
                    field.append(unescape(escaped));
                }
            } else {
                field.append(c);
            }
        }
        fields.add(escapedNull && field.isEmpty() ? null : field.toString());
        return fields;
    }

    private static char unescape(char escaped) {
        return switch (escaped) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case '0' -> '\0';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'a' -> '\u0007';
            case 'v' -> '\u000B';
            default -> escaped;
        };
    }
}
