package dev.playtrace.store.duckdb;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.Credential;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.RowValues;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for the projects and API tokens tables. */
final class ProjectTables {
    private static final String PROJECT_COLUMNS = "id, name, ingest_key, created_at_ms";
    private static final String CREDENTIAL_COLUMNS = "kind, key_id, project_id, stored_secret, created_at_ms";
    private static final String TOKEN_COLUMNS = "token_id, project_id, secret_sha256_hex, role, created_at_ms";

    void saveProject(Connection writer, Project project) throws SQLException {
        boolean keyTaken = !JdbcRows.select(writer, "SELECT id FROM " + DuckDbSchema.PROJECTS
                + " WHERE ingest_key = ? AND id <> ?", List.of(project.ingestKey(), project.id())).isEmpty();
        if (keyTaken) {
            throw new PlaytraceException(ErrorCode.CONFLICT, "another project already uses this ingest key");
        }
        JdbcRows.update(writer, "INSERT INTO " + DuckDbSchema.PROJECTS + " (" + PROJECT_COLUMNS + ") VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, ingest_key = excluded.ingest_key,"
                        + " created_at_ms = excluded.created_at_ms",
                List.of(project.id(), project.name(), project.ingestKey(), project.createdAtMs()));
    }

    void saveToken(Connection writer, ApiToken token) throws SQLException {
        JdbcRows.update(writer, "INSERT INTO " + DuckDbSchema.TOKENS + " (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (token_id) DO UPDATE SET project_id = excluded.project_id,"
                        + " secret_sha256_hex = excluded.secret_sha256_hex, role = excluded.role,"
                        + " created_at_ms = excluded.created_at_ms",
                List.of(token.tokenId(), token.projectId(), token.secretSha256Hex(), token.role().name(),
                        token.createdAtMs()));
    }

    void saveCredential(Connection writer, Credential credential) throws SQLException {
        JdbcRows.update(writer, "INSERT INTO " + DuckDbSchema.CREDENTIALS + " (" + CREDENTIAL_COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (kind, key_id) DO UPDATE SET project_id = excluded.project_id,"
                        + " stored_secret = excluded.stored_secret, created_at_ms = excluded.created_at_ms",
                List.of(credential.kind(), credential.keyId(), credential.projectId(), credential.storedSecret(),
                        credential.createdAtMs()));
    }

    Optional<Credential> findCredential(Connection reader, String kind, String keyId) throws SQLException {
        return credentials(reader, " WHERE kind = ? AND key_id = ?", List.of(kind, keyId)).stream().findFirst();
    }

    List<Credential> listCredentials(Connection reader, String projectId, String kind) throws SQLException {
        return credentials(reader, " WHERE project_id = ? AND kind = ? ORDER BY key_id", List.of(projectId, kind));
    }

    private static List<Credential> credentials(Connection reader, String where, List<Object> parameters) throws SQLException {
        return JdbcRows.select(reader, "SELECT " + CREDENTIAL_COLUMNS + " FROM " + DuckDbSchema.CREDENTIALS + where, parameters)
                .stream()
                .map(row -> new Credential(RowValues.text(row[0]), RowValues.text(row[1]), RowValues.text(row[2]),
                        RowValues.text(row[3]), RowValues.longOrZero(row[4])))
                .toList();
    }

    Optional<Project> findProject(Connection reader, String column, String value) throws SQLException {
        return projects(reader, " WHERE " + column + " = ?", List.of(value)).stream().findFirst();
    }

    List<Project> listProjects(Connection reader) throws SQLException {
        return projects(reader, " ORDER BY id", List.of());
    }

    Optional<ApiToken> findToken(Connection reader, String tokenId) throws SQLException {
        return tokens(reader, " WHERE token_id = ?", List.of(tokenId)).stream().findFirst();
    }

    List<ApiToken> listTokens(Connection reader, String projectId) throws SQLException {
        return tokens(reader, " WHERE project_id = ? ORDER BY token_id", List.of(projectId));
    }

    private static List<Project> projects(Connection reader, String where, List<Object> parameters) throws SQLException {
        return JdbcRows.select(reader, "SELECT " + PROJECT_COLUMNS + " FROM " + DuckDbSchema.PROJECTS + where, parameters)
                .stream()
                .map(row -> new Project(RowValues.text(row[0]), RowValues.text(row[1]), RowValues.text(row[2]),
                        RowValues.longOrZero(row[3])))
                .toList();
    }

    private static List<ApiToken> tokens(Connection reader, String where, List<Object> parameters) throws SQLException {
        return JdbcRows.select(reader, "SELECT " + TOKEN_COLUMNS + " FROM " + DuckDbSchema.TOKENS + where, parameters)
                .stream()
                .map(row -> new ApiToken(RowValues.text(row[0]), RowValues.text(row[1]), RowValues.text(row[2]),
                        ApiToken.TokenRole.valueOf(RowValues.text(row[3])), RowValues.longOrZero(row[4])))
                .toList();
    }
}
