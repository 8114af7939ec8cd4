package dev.playtrace.store.clickhouse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Binds the {@code ?} placeholders of generated SQL by writing each value as a ClickHouse literal. ClickHouse 18.16
 * has no query parameters over HTTP ({@code param_x} came in 19.x), so values become escaped literals: strings in
 * single quotes with backslash escapes, numbers in Java's plain notation, null as {@code NULL}.
 */
final class SqlLiterals {
    private static final Pattern LIMIT_TAIL = Pattern.compile("(?i)\\b(LIMIT|OFFSET)\\s*$|\\bLIMIT\\s+\\d+\\s*,\\s*$");
    private SqlLiterals() {
    }

    /** The statement with each {@code ?} outside quotes and comments replaced by its parameter's literal. */
    static String bind(String sql, List<Object> parameters) {
        StringBuilder bound = new StringBuilder(sql.length() + 16 * parameters.size());
        int next = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                bound.append(c);
                if (c == '\\' && i + 1 < sql.length()) {
                    bound.append(sql.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                bound.append(c);
            } else if (c == '?') {
                if (next == parameters.size()) {
                    throw new IllegalArgumentException("more placeholders than the " + parameters.size()
                            + " parameters in: " + sql);
                }
                Object value = parameters.get(next++);
                bound.append(isLimitCount(bound) ? plainNumber(value) : literal(value));
            } else {
                bound.append(c);
            }
        }
        if (next != parameters.size()) {
            throw new IllegalArgumentException(parameters.size() + " parameters for " + next + " placeholders in: " + sql);
        }
        return bound.toString();
    }

    /** LIMIT takes number literals only; elsewhere a long is typed Int64 (see {@link #literal}). */
    private static boolean isLimitCount(StringBuilder boundSoFar) {
        int from = Math.max(0, boundSoFar.length() - 48);
        return LIMIT_TAIL.matcher(boundSoFar.subSequence(from, boundSoFar.length())).find();
    }

    private static String plainNumber(Object value) {
        if (!(value instanceof Long || value instanceof Integer) || ((Number) value).longValue() < 0) {
            throw new IllegalArgumentException("LIMIT and OFFSET take non-negative integers, got " + value);
        }
        return value.toString();
    }

    /**
     * A long is written {@code toInt64(n)}: a bare literal past 2^32 is a UInt64 to ClickHouse, which has no common
     * type with the Int64 columns it meets in {@code greatest}, {@code least} or {@code CASE}.
     */
    static String literal(Object value) {
        return switch (value) {
            case null -> "NULL";
            case Boolean bool -> bool ? "1" : "0";
            case Long number -> "toInt64(" + number + ")";
            case Integer number -> number < 0 ? "(" + number + ")" : number.toString();
            case Short number -> number.toString();
            case Double number -> doubleLiteral(number);
            case Float number -> doubleLiteral(number.doubleValue());
            case CharSequence text -> quoted(text.toString());
            case Enum<?> constant -> quoted(constant.name());
            default -> throw new IllegalArgumentException("no ClickHouse literal for a " + value.getClass().getName());
        };
    }

    static String quoted(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '\'' -> quoted.append("\\'");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\0' -> quoted.append("\\0");
                default -> quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }

    private static String doubleLiteral(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("no literal for " + value);
        }
        // toFloat64 keeps the value a Float64 even when it prints as an integer
        return "toFloat64(" + (value < 0 ? "(" + value + ")" : Double.toString(value)) + ")";
    }
}
