package dev.playtrace.server.facade.apivideo;

import dev.playtrace.model.Credential;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.server.TokenSecrets;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * api.video authentication: API keys stored as their SHA-256 only, access and refresh tokens exchanged for a key
 * ({@code POST /auth/api-key}, {@code /auth/refresh}), and the resolution of a request's Bearer token or Basic key.
 *
 * <p>Tokens are opaque random strings held in memory with their expiry on the injected clock: a restart invalidates
 * them and clients authenticate again with their key.
 */
final class ApiVideoAuth {
    static final String KEY_KIND = "apivideo_api_key";
    static final long ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
    static final long REFRESH_TOKEN_LIFETIME_MS = 30L * 24 * 3600 * 1000;

    private final ProjectRepository projects;
    private final Clock clock;
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();

    /** Who is asking: the project and the id of the API key (the key's SHA-256) the rate limit is counted on. */
    record Principal(Project project, String keyId) {
    }

    /** What {@code /auth/*} returns. */
    record AccessToken(String accessToken, String refreshToken, long expiresInSeconds) {
    }

    private record Grant(String projectId, String keyId, long expiresAtMs) {
    }

    ApiVideoAuth(ProjectRepository projects, Clock clock) {
        this.projects = requireNonNull(projects, "projects is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    static String keyId(String apiKey) {
        return TokenSecrets.sha256Hex(apiKey);
    }

    /** Stores the key of a project (only its hash; the key id is the hash too, so nothing clear is kept). */
    void saveKey(Project project, String apiKey) {
        String keyId = keyId(apiKey);
        projects.findCredential(KEY_KIND, keyId).filter(existing -> !existing.projectId().equals(project.id()))
                .ifPresent(existing -> {
                    throw new IllegalArgumentException("this api.video API key already belongs to another project");
                });
        projects.saveCredential(new Credential(KEY_KIND, keyId, project.id(), keyId, clock.millis()));
    }

    AccessToken exchangeApiKey(String apiKey) {
        Principal principal = principalOfKey(apiKey).orElseThrow(ApiVideoException::invalidCredentials);
        return issue(principal.project().id(), principal.keyId());
    }

    AccessToken refresh(String refreshToken) {
        Grant grant = refreshToken == null ? null : refreshTokens.remove(refreshToken);
        if (grant == null || grant.expiresAtMs() <= clock.millis() || principalOfGrant(grant).isEmpty()) {
            throw ApiVideoException.invalidCredentials();
        }
        return issue(grant.projectId(), grant.keyId());
    }

    private AccessToken issue(String projectId, String keyId) {
        long nowMs = clock.millis();
        String access = TokenSecrets.random("", 32);
        String refresh = TokenSecrets.random("", 32);
        accessTokens.put(access, new Grant(projectId, keyId, nowMs + ACCESS_TOKEN_LIFETIME_SECONDS * 1000));
        refreshTokens.put(refresh, new Grant(projectId, keyId, nowMs + REFRESH_TOKEN_LIFETIME_MS));
        accessTokens.values().removeIf(g -> g.expiresAtMs() <= nowMs);
        refreshTokens.values().removeIf(g -> g.expiresAtMs() <= nowMs);
        return new AccessToken(access, refresh, ACCESS_TOKEN_LIFETIME_SECONDS);
    }

    /** The principal of {@code Authorization: Bearer <access token>} or {@code Basic base64(<api key>:)}. */
    Principal authenticate(ServerRequest request) {
        String header = request.headers().first(HeaderNames.AUTHORIZATION).orElseThrow(ApiVideoException::unauthorized).trim();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Grant grant = accessTokens.get(header.substring(7).trim());
            if (grant == null || grant.expiresAtMs() <= clock.millis()) {
                throw ApiVideoException.unauthorized();
            }
            return principalOfGrant(grant).orElseThrow(ApiVideoException::unauthorized);
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiVideoException.unauthorized();
            }
            int colon = decoded.indexOf(':');
            String apiKey = colon < 0 ? decoded : decoded.substring(0, colon);
            return principalOfKey(apiKey).orElseThrow(ApiVideoException::unauthorized);
        }
        throw ApiVideoException.unauthorized();
    }

    private Optional<Principal> principalOfKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        String keyId = keyId(apiKey);
        return projects.findCredential(KEY_KIND, keyId)
                .filter(credential -> TokenSecrets.matches(apiKey, credential.storedSecret()))
                .flatMap(credential -> projects.findProject(credential.projectId()))
                .map(project -> new Principal(project, keyId));
    }

    /** A token stays valid only while the credential of its key exists in the project. */
    private Optional<Principal> principalOfGrant(Grant grant) {
        return projects.findCredential(KEY_KIND, grant.keyId())
                .filter(credential -> credential.projectId().equals(grant.projectId()))
                .flatMap(credential -> projects.findProject(grant.projectId()))
                .map(project -> new Principal(project, grant.keyId()));
    }
}
