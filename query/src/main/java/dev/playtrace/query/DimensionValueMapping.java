package dev.playtrace.query;

/**
 * How a facade's vocabulary names a stored dimension value (api.video's {@code computer} for {@code desktop}). Stored
 * values that map to one name form one group, and the engine computes each metric over that group's views, so the
 * merge is right for every metric, not only for counts.
 */
@FunctionalInterface
public interface DimensionValueMapping {
    String map(String storedValue);
}
