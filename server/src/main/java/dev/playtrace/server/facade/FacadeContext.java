package dev.playtrace.server.facade;

import dev.playtrace.query.QueryService;
import dev.playtrace.server.SecretBox;
import dev.playtrace.server.auth.IssuedTokens;
import dev.playtrace.server.auth.RateLimits;
import dev.playtrace.server.http.RequestTimer;
import dev.playtrace.store.spi.PlaytraceStore;
import dev.playtrace.store.spi.ProjectRepository;

import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** What the composition root hands every facade. */
public record FacadeContext(
        QueryService queries,
        PlaytraceStore store,
        Clock clock,
        RequestTimer timer,
        SecretBox secrets,
        IssuedTokens issuedTokens,
        RateLimits rateLimits,
        FacadeSettings settings) {
    public FacadeContext {
        requireNonNull(queries, "queries is null");
        requireNonNull(store, "store is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(timer, "timer is null");
        requireNonNull(secrets, "secrets is null");
        requireNonNull(issuedTokens, "issuedTokens is null");
        requireNonNull(rateLimits, "rateLimits is null");
        requireNonNull(settings, "settings is null");
    }

    /** The store's projects, tokens and credentials. */
    public ProjectRepository projects() {
        return store.projects();
    }
}
