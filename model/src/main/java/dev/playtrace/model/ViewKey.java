package dev.playtrace.model;

import static java.util.Objects.requireNonNull;

/** Identifies a view across projects: view ids are only unique within a project. */
public record ViewKey(String projectId, String viewId) {
    public ViewKey {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(viewId, "viewId is null");
    }

    public static ViewKey of(PlayerEvent event) {
        return new ViewKey(event.projectId(), event.viewId());
    }
}
