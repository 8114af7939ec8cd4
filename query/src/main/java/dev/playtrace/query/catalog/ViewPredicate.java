package dev.playtrace.query.catalog;

import dev.playtrace.store.spi.ColumnType;
import dev.playtrace.store.spi.ViewColumn;

/** Which of the selected views an expression counts: all of them, or those whose boolean column is true. */
public record ViewPredicate(ViewColumn flag) {
    public static final ViewPredicate ALL = new ViewPredicate(null);

    public ViewPredicate {
        if (flag != null && flag.type() != ColumnType.BOOLEAN) {
            throw new IllegalArgumentException("predicate column " + flag.name() + " is not boolean");
        }
    }

    public static ViewPredicate where(ViewColumn flag) {
        return new ViewPredicate(flag);
    }

    public boolean isAll() {
        return flag == null;
    }
}
