package dev.playtrace.ingest.session;

/** Reads beacon field values, which decoders deliver as String, Long, Double or Boolean. */
final class FieldValues {
    private FieldValues() {
    }

    /** The value as a number, or NaN when absent or not numeric. */
    static double number(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException notANumber) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    static boolean isTrue(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        return value instanceof String text && (text.equalsIgnoreCase("true") || text.equals("1"));
    }

    /** The value as text, or null when absent or blank. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }
}
