package dev.playtrace.store.spi;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * How a derived column is computed from the stored columns of the same row. Stores declare derived columns as
 * virtual (DuckDB {@code GENERATED ALWAYS AS}, ClickHouse {@code ALIAS}), so they cost nothing to write; each
 * {@link SqlDialect} renders the expression. Column names and constants come from {@link ViewTable}, never from users.
 */
public sealed interface ColumnExpression {
    /** The text column equals a constant. */
    record TextEquals(String column, String constant) implements ColumnExpression {
        public TextEquals {
            requireNonNull(column, "column is null");
            requireNonNull(constant, "constant is null");
        }
    }

    /** The boolean column is true; null counts as false. */
    record IsTrue(String column) implements ColumnExpression {
        public IsTrue {
            requireNonNull(column, "column is null");
        }
    }

    record IsNotNull(String column) implements ColumnExpression {
        public IsNotNull {
            requireNonNull(column, "column is null");
        }
    }

    record Not(ColumnExpression operand) implements ColumnExpression {
        public Not {
            requireNonNull(operand, "operand is null");
        }
    }

    record And(List<ColumnExpression> operands) implements ColumnExpression {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<ColumnExpression> operands) implements ColumnExpression {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** Text "true" or "false" for a condition, the way outcome-flag dimensions are spelled. */
    record FlagText(ColumnExpression condition) implements ColumnExpression {
        public FlagText {
            requireNonNull(condition, "condition is null");
        }
    }

    /** The value of another column. */
    record CopyOf(String column) implements ColumnExpression {
        public CopyOf {
            requireNonNull(column, "column is null");
        }
    }

    static ColumnExpression and(ColumnExpression... operands) {
        return new And(List.of(operands));
    }

    static ColumnExpression or(ColumnExpression... operands) {
        return new Or(List.of(operands));
    }

    static ColumnExpression not(ColumnExpression operand) {
        return new Not(operand);
    }
}
