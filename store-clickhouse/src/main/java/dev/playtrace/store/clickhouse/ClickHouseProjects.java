package dev.playtrace.store.clickhouse;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Credential;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.store.spi.StoreRow;

import java.util.List;
import java.util.Optional;

import static dev.playtrace.store.clickhouse.ClickHouseTables.API_TOKENS;
import static dev.playtrace.store.clickhouse.ClickHouseTables.CREDENTIALS;
import static dev.playtrace.store.clickhouse.ClickHouseTables.PROJECTS;

/** Projects, API tokens and credentials as versioned rows; an ingest key's uniqueness is checked before the write. */
final class ClickHouseProjects implements ProjectRepository {
    private final ClickHouseHttp http;
    private final VersionClock clock;
    private final CheckThenWrite checkThenWrite;

    ClickHouseProjects(ClickHouseHttp http, VersionClock clock, CheckThenWrite checkThenWrite) {
        this.http = http;
        this.clock = clock;
        this.checkThenWrite = checkThenWrite;
    }

    @Override
    public void saveProject(Project project) {
        checkThenWrite.run(() -> {
            boolean keyTaken = !PROJECTS.select(http, "WHERE ingest_key = ? AND id != ?",
                    List.of(project.ingestKey(), project.id())).isEmpty();
            if (keyTaken) {
                throw new PlaytraceException(ErrorCode.CONFLICT, "the ingest key of project '" + project.id()
                        + "' belongs to another project");
            }
            PROJECTS.upsert(http, clock.next(), List.<Object[]>of(new Object[] {project.id(), project.name(),
                    project.ingestKey(), project.createdAtMs()}));
            return null;
        });
    }

    @Override
    public void saveToken(ApiToken token) {
        API_TOKENS.upsert(http, clock.next(), List.<Object[]>of(new Object[] {token.tokenId(), token.projectId(),
                token.secretSha256Hex(), token.role().name(), token.createdAtMs()}));
    }

    @Override
    public Optional<Project> findProject(String projectId) {
        return projects("WHERE id = ?", List.of(projectId)).stream().findFirst();
    }

    @Override
    public Optional<Project> findProjectByIngestKey(String ingestKey) {
        return projects("WHERE ingest_key = ? ORDER BY id LIMIT 1", List.of(ingestKey)).stream().findFirst();
    }

    @Override
    public Optional<ApiToken> findToken(String tokenId) {
        return tokens("WHERE token_id = ?", List.of(tokenId)).stream().findFirst();
    }

    @Override
    public List<Project> listProjects() {
        return projects("ORDER BY id", List.of());
    }

    @Override
    public List<ApiToken> listTokens(String projectId) {
        return tokens("WHERE project_id = ? ORDER BY token_id", List.of(projectId));
    }

    @Override
    public void saveCredential(Credential credential) {
        CREDENTIALS.upsert(http, clock.next(), List.<Object[]>of(new Object[] {credential.kind(), credential.keyId(),
                credential.projectId(), credential.storedSecret(), credential.createdAtMs()}));
    }

    @Override
    public Optional<Credential> findCredential(String kind, String keyId) {
        return credentials("WHERE kind = ? AND key_id = ?", List.of(kind, keyId)).stream().findFirst();
    }

    @Override
    public List<Credential> listCredentials(String projectId, String kind) {
        return credentials("WHERE project_id = ? AND kind = ? ORDER BY key_id", List.of(projectId, kind));
    }

    private List<Project> projects(String rest, List<Object> parameters) {
        return PROJECTS.select(http, rest, parameters).stream().map(ClickHouseProjects::project).toList();
    }

    private List<ApiToken> tokens(String rest, List<Object> parameters) {
        return API_TOKENS.select(http, rest, parameters).stream().map(ClickHouseProjects::token).toList();
    }

    private List<Credential> credentials(String rest, List<Object> parameters) {
        return CREDENTIALS.select(http, rest, parameters).stream().map(ClickHouseProjects::credential).toList();
    }

    private static Project project(StoreRow row) {
        return new Project(row.text("id"), row.text("name"), row.text("ingest_key"), row.longOrZero("created_at_ms"));
    }

    private static ApiToken token(StoreRow row) {
        return new ApiToken(row.text("token_id"), row.text("project_id"), row.text("secret_sha256_hex"),
                ApiToken.TokenRole.valueOf(row.text("role")), row.longOrZero("created_at_ms"));
    }

    private static Credential credential(StoreRow row) {
        return new Credential(row.text("kind"), row.text("key_id"), row.text("project_id"), row.text("stored_secret"),
                row.longOrZero("created_at_ms"));
    }
}
