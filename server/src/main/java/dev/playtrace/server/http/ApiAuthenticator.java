package dev.playtrace.server.http;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.auth.EvenCostLookup;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/** Resolves the project of a request from HTTP Basic {@code token_id:token_secret} (the Mux Data API scheme). */
public final class ApiAuthenticator {
    private final ProjectRepository projects;
    private final EvenCostLookup<ApiToken> tokens;

    public ApiAuthenticator(ProjectRepository projects) {
        this.projects = requireNonNull(projects, "projects is null");
        this.tokens = new EvenCostLookup<>(projects::findToken);
    }

    public Project authenticate(ServerRequest request) {
        String header = request.headers().first(HeaderNames.AUTHORIZATION)
                .orElseThrow(() -> unauthenticated("missing Authorization header: use HTTP Basic with token_id:token_secret"));
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthenticated("Authorization must be HTTP Basic with token_id:token_secret");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthenticated("Authorization Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw unauthenticated("Authorization Basic credentials must be token_id:token_secret");
        }
        return authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    public Project authenticate(String tokenId, String secret) {
        // an unknown id costs what a known one with a wrong secret does: the time does not tell which ids exist
        ApiToken token = tokens.verified(tokenId,
                        found -> TokenSecrets.matchesStored(secret, found.map(ApiToken::secretSha256Hex)))
                .orElseThrow(() -> unauthenticated("unknown token or wrong secret"));
        return projects.findProject(token.projectId())
                .orElseThrow(() -> unauthenticated("the token's project no longer exists"));
    }

    private static PlaytraceException unauthenticated(String message) {
        return new PlaytraceException(ErrorCode.UNAUTHENTICATED, message);
    }
}
