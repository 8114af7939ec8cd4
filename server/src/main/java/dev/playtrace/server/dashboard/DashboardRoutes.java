package dev.playtrace.server.dashboard;

import dev.playtrace.server.ProjectAdmin;
import io.helidon.webserver.http.HttpRouting;

/** The web dashboard at {@code /}: static pages that read only the public API. */
public final class DashboardRoutes {
    private final ProjectAdmin.Credentials defaultProject;

    public DashboardRoutes(ProjectAdmin.Credentials defaultProject) {
        this.defaultProject = defaultProject;
    }

    public void register(HttpRouting.Builder routing) {
        // filled in by the dashboard work
    }
}
