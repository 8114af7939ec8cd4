package dev.playtrace.query;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import static java.util.Objects.requireNonNull;

/**
 * Keeps views whose dimension equals one of {@code values} ({@code excluded} false), or whose dimension is not any
 * of them ({@code excluded} true; views with no value for the dimension are kept, so include + exclude = total).
 */
public record Filter(Dimension dimension, java.util.List<String> values, boolean excluded) {
    public Filter {
        requireNonNull(dimension, "dimension is null");
        values = java.util.List.copyOf(requireNonNull(values, "values is null"));
        if (values.isEmpty()) {
            throw new PlaytraceException(ErrorCode.INVALID_PARAMETER, "filter on " + dimension.id() + " has no value");
        }
    }

    public static Filter equalTo(Dimension dimension, String value) {
        return new Filter(dimension, java.util.List.of(value), false);
    }

    public static Filter notEqualTo(Dimension dimension, String value) {
        return new Filter(dimension, java.util.List.of(value), true);
    }
}
