package dev.playtrace.server;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;

import dev.playtrace.server.facade.Facade;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Creates projects and their keys; the secrets are returned once and only their hashes are stored. */
public final class ProjectAdmin {
    private final ProjectRepository projects;
    private final Clock clock;
    private final List<Facade> facades;

    public ProjectAdmin(ProjectRepository projects, Clock clock) {
        this(projects, clock, List.of());
    }

    /** With the facades whose keys every new project gets. */
    public ProjectAdmin(ProjectRepository projects, Clock clock, List<Facade> facades) {
        this.projects = requireNonNull(projects, "projects is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.facades = List.copyOf(requireNonNull(facades, "facades is null"));
    }

    /** A new project with a generated ingest key and one admin API token. */
    public Credentials createProject(String name) {
        String projectId = "proj_" + TokenSecrets.randomLowerAlphanumeric(12);
        return createProject(projectId, name, TokenSecrets.randomLowerAlphanumeric(20),
                UUID.randomUUID().toString(), TokenSecrets.random("", 32));
    }

    /** A project with the given identity; an existing project of that id keeps its keys and gains these. */
    public Credentials createProject(String projectId, String name, String ingestKey, String tokenId, String tokenSecret) {
        return createProject(projectId, name, ingestKey, tokenId, tokenSecret, Map.of());
    }

    /**
     * As above, with the facades' keys fixed where {@code facadeEnvironment} sets their variables (generated
     * otherwise).
     */
    public Credentials createProject(String projectId, String name, String ingestKey, String tokenId, String tokenSecret,
            Map<String, String> facadeEnvironment) {
        long nowMs = clock.millis();
        Project project = new Project(projectId, name, ingestKey, nowMs);
        projects.saveProject(project);
        projects.saveToken(new ApiToken(tokenId, projectId, TokenSecrets.sha256Hex(tokenSecret), ApiToken.TokenRole.ADMIN, nowMs));
        List<Facade.IssuedKey> facadeKeys = new ArrayList<>();
        for (Facade facade : facades) {
            facadeKeys.addAll(facade.issueKeys(project, facadeEnvironment));
        }
        return new Credentials(project, tokenId, tokenSecret, facadeKeys);
    }

    /** A further API token for an existing project. */
    public Credentials createToken(Project project, ApiToken.TokenRole role) {
        String tokenId = UUID.randomUUID().toString();
        String secret = TokenSecrets.random("", 32);
        projects.saveToken(new ApiToken(tokenId, project.id(), TokenSecrets.sha256Hex(secret), role, clock.millis()));
        return new Credentials(project, tokenId, secret, List.of());
    }

    /** A project's ingest key, one API token and the facades' keys in clear text, as printed to the operator. */
    public record Credentials(Project project, String tokenId, String tokenSecret, List<Facade.IssuedKey> facadeKeys) {
        public Credentials {
            facadeKeys = List.copyOf(facadeKeys);
        }

        /** What a normal start prints: identities and where to get the secrets, no secret. */
        public String describeWithoutSecrets() {
            StringBuilder text = new StringBuilder()
                    .append("project id:   ").append(project.id()).append('\n')
                    .append("ingest key:   ").append(project.ingestKey()).append("   (env_key for player SDKs)\n")
                    .append("API token id: ").append(tokenId).append("   (secrets: ./playtrace credentials)");
            return text.toString();
        }

        /** Every key with its secret: printed when the keys are created and by {@code playtrace credentials}. */
        public String describe() {
            StringBuilder text = new StringBuilder()
                    .append("project id:   ").append(project.id()).append('\n')
                    .append("ingest key:   ").append(project.ingestKey()).append("   (env_key for player SDKs)\n")
                    .append("API token:    ").append(tokenId).append(':').append(tokenSecret).append("   (HTTP Basic for /data/v1)");
            for (Facade.IssuedKey key : facadeKeys) {
                text.append('\n').append(key.label()).append(": ").append(key.value());
            }
            return text.toString();
        }
    }
}
