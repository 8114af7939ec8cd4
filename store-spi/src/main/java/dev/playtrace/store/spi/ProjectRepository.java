package dev.playtrace.store.spi;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Credential;
import dev.playtrace.model.Project;

import java.util.List;
import java.util.Optional;

/** Keeps projects and their keys; implemented by each store. */
public interface ProjectRepository {
    void saveProject(Project project);

    void saveToken(ApiToken token);

    Optional<Project> findProject(String projectId);

    Optional<Project> findProjectByIngestKey(String ingestKey);

    Optional<ApiToken> findToken(String tokenId);

    List<Project> listProjects();

    List<ApiToken> listTokens(String projectId);

    /** Inserts or replaces the credential of that kind and key id. */
    void saveCredential(Credential credential);

    Optional<Credential> findCredential(String kind, String keyId);

    List<Credential> listCredentials(String projectId, String kind);
}
