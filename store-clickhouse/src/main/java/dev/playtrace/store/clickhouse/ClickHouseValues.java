package dev.playtrace.store.clickhouse;

/**
 * Turns a result field (text from {@code TabSeparatedWithNamesAndTypes}) into the Java value of its ClickHouse type:
 * integers as Long, floats as Double (ClickHouse prints {@code nan} and {@code inf}), everything else as text.
 */
final class ClickHouseValues {
    private ClickHouseValues() {
    }

    static Object convert(String field, String clickHouseType) {
        if (field == null) {
            return null;
        }
        String type = unwrapped(clickHouseType);
        if (type.startsWith("Int") || type.startsWith("UInt")) {
            try {
                return Long.parseLong(field);
            } catch (NumberFormatException beyondLong) {
                return Double.parseDouble(field); // a UInt64 past Long.MAX_VALUE; the store writes none
            }
        }
        if (type.startsWith("Float") || type.startsWith("Decimal")) {
            return switch (field) {
                case "nan", "-nan" -> Double.NaN;
                case "inf", "+inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(field);
            };
        }
        if (type.equals("Nothing")) {
            return null;
        }
        return field;
    }

    private static String unwrapped(String type) {
        String unwrapped = type;
        for (String wrapper : new String[] {"Nullable(", "LowCardinality("}) {
            if (unwrapped.startsWith(wrapper)) {
                unwrapped = unwrapped.substring(wrapper.length(), unwrapped.length() - 1);
            }
        }
        return unwrapped;
    }
}
