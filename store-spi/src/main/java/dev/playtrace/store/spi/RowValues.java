package dev.playtrace.store.spi;

/**
 * Converts the column values a store returns (JDBC objects, or text from an HTTP store) to Java values, so that
 * readers of rows do not depend on one driver's type mapping.
 */
public final class RowValues {
    private RowValues() {
    }

    public static String text(Object value) {
        return value == null ? null : value.toString();
    }

    public static Long longOrNull(Object value) {
        return switch (value) {
            case null -> null;
            case Number number -> number.longValue();
            default -> Long.valueOf(value.toString());
        };
    }

    public static long longOrZero(Object value) {
        Long result = longOrNull(value);
        return result == null ? 0L : result;
    }

    public static int intOrZero(Object value) {
        return Math.toIntExact(longOrZero(value));
    }

    /** The value as a double; null for null and for NaN (a store's 0/0), which no API ever shows. */
    public static Double doubleOrNull(Object value) {
        Double result = switch (value) {
            case null -> null;
            case Number number -> number.doubleValue();
            default -> Double.valueOf(value.toString());
        };
        return result == null || result.isNaN() || result.isInfinite() ? null : result;
    }

    /** Booleans come as Boolean (DuckDB), as 0/1 numbers (ClickHouse UInt8) or as text. */
    public static boolean bool(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean bool -> bool;
            case Number number -> number.longValue() != 0;
            default -> "true".equalsIgnoreCase(value.toString()) || "1".equals(value.toString());
        };
    }
}
