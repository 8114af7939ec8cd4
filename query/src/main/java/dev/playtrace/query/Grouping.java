package dev.playtrace.query;

import dev.playtrace.model.Dimension;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link Query} groups views by: one dimension, its values optionally renamed (and merged) by a mapping.
 * Views with no value for the dimension are in no group unless {@code missingValueGroup} names one.
 *
 * @param mapping null keeps stored values
 * @param missingValueGroup the group of views with no value for the dimension (renamed by the mapping too); null
 *                          leaves those views out
 * @param attributes for each group, the result also carries the most frequent value of each of these dimensions
 *                   among the group's views (ties to the smaller value), e.g. a video's title beside its id
 */
public record Grouping(Dimension dimension, DimensionValueMapping mapping, List<Dimension> attributes,
                       String missingValueGroup) {
    public Grouping {
        requireNonNull(dimension, "dimension is null");
        attributes = List.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    public static Grouping by(Dimension dimension) {
        return new Grouping(dimension, null, List.of(), null);
    }

    public Grouping mappedBy(DimensionValueMapping newMapping) {
        return new Grouping(dimension, newMapping, attributes, missingValueGroup);
    }

    public Grouping withMissingValuesAs(String groupName) {
        return new Grouping(dimension, mapping, attributes, groupName);
    }

    public Grouping withAttributes(List<Dimension> newAttributes) {
        return new Grouping(dimension, mapping, newAttributes, missingValueGroup);
    }
}
