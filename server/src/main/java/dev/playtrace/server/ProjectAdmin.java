package dev.playtrace.server;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Project;
import dev.playtrace.model.ProjectRepository;

import java.time.Clock;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/** Creates projects and their keys; the secrets are returned once and only their hashes are stored. */
public final class ProjectAdmin {
    private final ProjectRepository projects;
    private final Clock clock;

    public ProjectAdmin(ProjectRepository projects, Clock clock) {
        this.projects = requireNonNull(projects, "projects is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A new project with a generated ingest key and one admin API token. */
    public Credentials createProject(String name) {
        String projectId = "proj_" + TokenSecrets.randomLowerAlphanumeric(12);
        return createProject(projectId, name, TokenSecrets.randomLowerAlphanumeric(20),
                UUID.randomUUID().toString(), TokenSecrets.random("", 32));
    }

    /** A project with the given identity; an existing project of that id keeps its keys and gains these. */
    public Credentials createProject(String projectId, String name, String ingestKey, String tokenId, String tokenSecret) {
        long nowMs = clock.millis();
        Project project = new Project(projectId, name, ingestKey, nowMs);
        projects.saveProject(project);
        projects.saveToken(new ApiToken(tokenId, projectId, TokenSecrets.sha256Hex(tokenSecret), ApiToken.TokenRole.ADMIN, nowMs));
        return new Credentials(project, tokenId, tokenSecret);
    }

    /** A further API token for an existing project. */
    public Credentials createToken(Project project, ApiToken.TokenRole role) {
        String tokenId = UUID.randomUUID().toString();
        String secret = TokenSecrets.random("", 32);
        projects.saveToken(new ApiToken(tokenId, project.id(), TokenSecrets.sha256Hex(secret), role, clock.millis()));
        return new Credentials(project, tokenId, secret);
    }

    /** A project's ingest key and one API token in clear text, as printed to the operator. */
    public record Credentials(Project project, String tokenId, String tokenSecret) {
        public String describe() {
            return "project id:   " + project.id() + "\n"
                    + "ingest key:   " + project.ingestKey() + "   (env_key for player SDKs)\n"
                    + "API token:    " + tokenId + ":" + tokenSecret + "   (HTTP Basic for /data/v1)";
        }
    }
}
