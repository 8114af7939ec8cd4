package dev.playtrace.store.spi;

/**
 * Everything that differs between the SQL of two stores lives in implementations of this interface; the SQL
 * generator asks it and nothing else. Arguments named {@code condition} are SQL boolean expressions or null for
 * "every row"; expressions passed in come from the catalogue and {@link ViewTable}, never from users.
 */
public interface SqlDialect {
    String name();

    /** DDL creating the table when it does not exist yet. */
    String createTable(TableLayout layout);

    /** What follows FROM to read the views table with one row (the newest version) per view. */
    String viewsSource();

    /** FROM and WHERE reading the newest row of one view, its project and id bound. */
    default SqlFragment oneView(String projectId, String viewId) {
        return SqlFragment.of("FROM " + viewsSource() + "\nWHERE " + ViewTable.PROJECT_ID.name() + " = ? AND "
                + ViewTable.VIEW_ID.name() + " = ?", projectId, viewId);
    }

    /** A condition that holds when the boolean column is true. */
    String isTrue(String booleanColumn);

    String booleanLiteral(boolean value);

    /** A quoted text constant (constants come from the code, never from users). */
    default String stringLiteral(String constant) {
        return "'" + constant.replace("'", "''") + "'";
    }

    /** The SQL expression that computes a derived column from stored columns of the same row. */
    default String derivedExpression(ColumnExpression expression) {
        return switch (expression) {
            case ColumnExpression.TextEquals equals -> "(" + equals.column() + " = " + stringLiteral(equals.constant()) + ")";
            case ColumnExpression.IsTrue isTrue ->
                    "(" + isTrue("coalesce(" + isTrue.column() + ", " + booleanLiteral(false) + ")") + ")";
            case ColumnExpression.IsNotNull notNull -> "(" + notNull.column() + " IS NOT NULL)";
            case ColumnExpression.Not not -> "(NOT " + derivedExpression(not.operand()) + ")";
            case ColumnExpression.And and -> "(" + String.join(" AND ",
                    and.operands().stream().map(this::derivedExpression).toList()) + ")";
            case ColumnExpression.Or or -> "(" + String.join(" OR ",
                    or.operands().stream().map(this::derivedExpression).toList()) + ")";
            case ColumnExpression.FlagText flag -> "CASE WHEN " + derivedExpression(flag.condition()) + " THEN "
                    + stringLiteral("true") + " ELSE " + stringLiteral("false") + " END";
            case ColumnExpression.CopyOf copy -> copy.column();
        };
    }

    /** Number of rows where the condition holds. */
    String countIf(String condition);

    /** Sum of the expression over rows where the condition holds; null or 0 when there are none. */
    String sumIf(String expression, String condition);

    /** Mean of the non-null values where the condition holds; null when there are none. */
    String avgIf(String expression, String condition);

    /** Exact quantile by linear interpolation between closest ranks; null when there are no values. */
    String quantileIf(String expression, double fraction, String condition);

    /** Exact number of distinct non-null values where the condition holds. */
    String countDistinctIf(String expression, String condition);

    /** The value of {@code expression} on the row with the largest {@code orderBy}. */
    String argMax(String expression, String orderBy);

    String toDouble(String expression);

    /** The quotient, null (never NaN or infinity) when the denominator is 0 or null. */
    String divideOrNull(String numerator, String denominator);

    /** Integer division rounding down, for non-negative values. */
    String floorDiv(String expression, long divisor);

    /**
     * The text value of the top-level key {@code key} of the JSON object in {@code jsonColumn} (a number as its
     * decimal text); null when the object has no such key. The key may come from a user: it is bound, not inlined.
     */
    SqlFragment jsonText(String jsonColumn, String key);

    /** The clause keeping {@code limit} rows after skipping {@code offset}. */
    SqlFragment limitOffset(long limit, long offset);
}
