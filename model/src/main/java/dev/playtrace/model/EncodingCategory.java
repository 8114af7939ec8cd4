package dev.playtrace.model;

import static java.util.Objects.requireNonNull;

/** A named group of encoding jobs of one project (VOD Station's category); ids are assigned by the store. */
public record EncodingCategory(String projectId, long categoryId, String name, long createdAtMs) {
    public EncodingCategory {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
    }
}
