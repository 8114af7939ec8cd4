package dev.playtrace.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Makes sure the default project exists with the same keys on every start. So they can be printed again, the secrets
 * are kept in {@code default-project.json} in the data directory (owner-readable only), encrypted under the server
 * key; the store keeps only hashes (or, where a protocol needs the secret, the secret encrypted). Environment
 * variables override what the file says.
 */
final class DefaultProject {
    static final String CREDENTIALS_FILE = "default-project.json";
    private static final String DEFAULT_NAME = "Default project";

    private final ProjectAdmin admin;
    private final SecretBox secrets;
    private final Path credentialsFile;

    DefaultProject(ProjectAdmin admin, SecretBox secrets, Path dataDir) {
        this.admin = requireNonNull(admin, "admin is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.credentialsFile = dataDir.resolve(CREDENTIALS_FILE);
    }

    /** The default project, and whether this call created its keys (the only start that prints its secrets). */
    record Ensured(ProjectAdmin.Credentials credentials, boolean created) {
    }

    Ensured ensure(ServerConfig.FixedProject fixed, Map<String, String> environment) {
        boolean created = fixed == null && !Files.exists(credentialsFile);
        JsonNode saved = Files.exists(credentialsFile) ? read() : Json.object();
        Map<String, String> facadeEnvironment = new HashMap<>();
        saved.path("facade_keys").forEach(key ->
                facadeEnvironment.put(key.path("environment_variable").asText(), secrets.decrypt(key.path("value_encrypted").asText())));
        facadeEnvironment.putAll(environment);

        ProjectAdmin.Credentials credentials;
        if (fixed != null) {
            credentials = admin.createProject(fixed.projectId(), DEFAULT_NAME, fixed.ingestKey(), fixed.tokenId(),
                    fixed.tokenSecret(), facadeEnvironment);
        } else if (saved.has("project_id")) {
            credentials = admin.createProject(saved.path("project_id").asText(), DEFAULT_NAME,
                    saved.path("ingest_key").asText(), saved.path("token_id").asText(),
                    secrets.decrypt(saved.path("token_secret_encrypted").asText()),
                    facadeEnvironment);
        } else {
            credentials = admin.createProject("proj_" + TokenSecrets.randomLowerAlphanumeric(12), DEFAULT_NAME,
                    TokenSecrets.randomLowerAlphanumeric(20), UUID.randomUUID().toString(), TokenSecrets.random("", 32),
                    facadeEnvironment);
        }
        write(credentials);
        return new Ensured(credentials, created);
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
        saved.put("token_secret_encrypted", secrets.encrypt(credentials.tokenSecret()));
        ArrayNode facadeKeys = saved.putArray("facade_keys");
        for (Facade.IssuedKey key : credentials.facadeKeys()) {
            facadeKeys.addObject().put("label", key.label()).put("value_encrypted", secrets.encrypt(key.value()))
                    .put("environment_variable", key.environmentVariable());
        }
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
