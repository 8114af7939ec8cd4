package dev.playtrace.server.facade.apivideo;

import dev.playtrace.model.Credential;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.auth.IssuedTokens;
import dev.playtrace.store.spi.IssuedToken;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * api.video authentication: API keys stored as their SHA-256 only, access and refresh tokens exchanged for a key
 * ({@code POST /auth/api-key}, {@code /auth/refresh}), and the resolution of a request's Bearer token or Basic key.
 *
 * <p>Tokens are opaque random strings kept by {@link IssuedTokens} (their SHA-256 in the store, with the expiry on the
 * injected clock): every query node accepts them, and they survive a restart. A refresh token is spent on use.
 */
final class ApiVideoAuth {
    static final String KEY_KIND = "apivideo_api_key";
    static final long ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
    static final long REFRESH_TOKEN_LIFETIME_MS = 30L * 24 * 3600 * 1000;
    static final String ACCESS_TOKEN_KIND = "apivideo_access";
    static final String REFRESH_TOKEN_KIND = "apivideo_refresh";

    private final ProjectRepository projects;
    private final IssuedTokens tokens;
    private final Clock clock;

    /** Who is asking: the project and the id of the API key (the key's SHA-256) the rate limit is counted on. */
    record Principal(Project project, String keyId) {
    }

    /** What {@code /auth/*} returns. */
    record AccessToken(String accessToken, String refreshToken, long expiresInSeconds) {
    }

    ApiVideoAuth(ProjectRepository projects, IssuedTokens tokens, Clock clock) {
        this.projects = requireNonNull(projects, "projects is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
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
        IssuedToken grant = tokens.spend(REFRESH_TOKEN_KIND, refreshToken).orElseThrow(ApiVideoException::invalidCredentials);
        if (principalOfGrant(grant).isEmpty()) {
            throw ApiVideoException.invalidCredentials();
        }
        return issue(grant.projectId(), grant.subject());
    }

    private AccessToken issue(String projectId, String keyId) {
        String access = tokens.issue(ACCESS_TOKEN_KIND, projectId, keyId, Duration.ofSeconds(ACCESS_TOKEN_LIFETIME_SECONDS));
        String refresh = tokens.issue(REFRESH_TOKEN_KIND, projectId, keyId, Duration.ofMillis(REFRESH_TOKEN_LIFETIME_MS));
        return new AccessToken(access, refresh, ACCESS_TOKEN_LIFETIME_SECONDS);
    }

    /** The principal of {@code Authorization: Bearer <access token>} or {@code Basic base64(<api key>:)}. */
    Principal authenticate(ServerRequest request) {
        String header = request.headers().first(HeaderNames.AUTHORIZATION).orElseThrow(ApiVideoException::unauthorized).trim();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            IssuedToken grant = tokens.find(ACCESS_TOKEN_KIND, header.substring(7).trim())
                    .orElseThrow(ApiVideoException::unauthorized);
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
        Optional<Credential> credential = projects.findCredential(KEY_KIND, keyId);
        // an unknown key costs the same comparison as a known one
        return credential.filter(found -> TokenSecrets.matchesStored(apiKey, credential.map(Credential::storedSecret)))
                .flatMap(found -> projects.findProject(found.projectId()))
                .map(project -> new Principal(project, keyId));
    }

    /** A token stays valid only while the credential of its key exists in the project. */
    private Optional<Principal> principalOfGrant(IssuedToken grant) {
        return projects.findCredential(KEY_KIND, grant.subject())
                .filter(credential -> credential.projectId().equals(grant.projectId()))
                .flatMap(credential -> projects.findProject(grant.projectId()))
                .map(project -> new Principal(project, grant.subject()));
    }
}
