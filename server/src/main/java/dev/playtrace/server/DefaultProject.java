package dev.playtrace.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.model.ProjectRepository;
import dev.playtrace.server.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static java.util.Objects.requireNonNull;

/**
 * Makes sure the default project exists. Its clear-text credentials are kept in {@code default-project.json} in the
 * data directory (owner-readable only) so the same ones are printed on every start; the store itself keeps only
 * the token's hash.
 */
final class DefaultProject {
    static final String CREDENTIALS_FILE = "default-project.json";
    private static final String DEFAULT_NAME = "Default project";

    private final ProjectRepository projects;
    private final ProjectAdmin admin;
    private final Path credentialsFile;

    DefaultProject(ProjectRepository projects, ProjectAdmin admin, Path dataDir) {
        this.projects = requireNonNull(projects, "projects is null");
        this.admin = requireNonNull(admin, "admin is null");
        this.credentialsFile = dataDir.resolve(CREDENTIALS_FILE);
    }

    ProjectAdmin.Credentials ensure(ServerConfig.FixedProject fixed) {
        if (fixed != null) {
            return admin.createProject(fixed.projectId(), DEFAULT_NAME, fixed.ingestKey(), fixed.tokenId(), fixed.tokenSecret());
        }
        if (Files.exists(credentialsFile)) {
            JsonNode saved = read();
            String projectId = saved.path("project_id").asText();
            String tokenId = saved.path("token_id").asText();
            String secret = saved.path("token_secret").asText();
            if (projects.findProject(projectId).isPresent() && projects.findToken(tokenId).isPresent()) {
                return new ProjectAdmin.Credentials(projects.findProject(projectId).get(), tokenId, secret);
            }
            return admin.createProject(projectId, DEFAULT_NAME, saved.path("ingest_key").asText(), tokenId, secret);
        }
        ProjectAdmin.Credentials created = admin.createProject(DEFAULT_NAME);
        write(created);
        return created;
    }

    private JsonNode read() {
        try {
            return Json.MAPPER.readTree(credentialsFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + credentialsFile, e);
        }
    }

    private void write(ProjectAdmin.Credentials credentials) {
        ObjectNode saved = Json.object();
        saved.put("project_id", credentials.project().id());
        saved.put("ingest_key", credentials.project().ingestKey());
        saved.put("token_id", credentials.tokenId());
        saved.put("token_secret", credentials.tokenSecret());
        try {
            Files.write(credentialsFile, Json.bytes(saved));
            try {
                Files.setPosixFilePermissions(credentialsFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the default permissions
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + credentialsFile, e);
        }
    }
}
