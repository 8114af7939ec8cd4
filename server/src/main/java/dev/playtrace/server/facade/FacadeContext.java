package dev.playtrace.server.facade;

import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.query.QueryService;
import dev.playtrace.server.SecretBox;
import dev.playtrace.server.http.JsonHandlers;

import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** What the composition root hands every facade. */
public record FacadeContext(
        QueryService queries,
        ProjectRepository projects,
        Clock clock,
        JsonHandlers.RequestTimer timer,
        SecretBox secrets) {
    public FacadeContext {
        requireNonNull(queries, "queries is null");
        requireNonNull(projects, "projects is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(timer, "timer is null");
        requireNonNull(secrets, "secrets is null");
    }
}
