package dev.playtrace.store.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * ClickHouse's {@code TabSeparated} text: fields separated by tabs, rows by newlines, {@code \N} for null and
 * backslash escapes inside a field. Results are read in it ({@code TabSeparatedWithNamesAndTypes}), which 18.16 and
 * current releases write alike; floats come as their shortest round-trip text.
 */
final class TabSeparated {
    private TabSeparated() {
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
