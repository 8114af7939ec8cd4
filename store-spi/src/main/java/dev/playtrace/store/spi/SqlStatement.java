package dev.playtrace.store.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Generated SQL with its parameters bound positionally ({@code ?}); no user value is ever part of the text. */
public record SqlStatement(String sql, List<Object> parameters) {
    public SqlStatement {
        requireNonNull(sql, "sql is null");
        parameters = Collections.unmodifiableList(new ArrayList<>(requireNonNull(parameters, "parameters is null")));
    }
}
