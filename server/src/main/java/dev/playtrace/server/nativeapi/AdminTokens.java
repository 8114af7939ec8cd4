package dev.playtrace.server.nativeapi;

import dev.playtrace.model.ApiToken;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.Project;
import dev.playtrace.server.http.ApiAuthenticator;
import dev.playtrace.store.spi.ProjectRepository;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/** Authenticates the native routes that write (reporting encoding jobs): an HTTP Basic API token with the admin role. */
public final class AdminTokens {
    private final ApiAuthenticator tokens;
    private final ProjectRepository projects;

    public AdminTokens(ApiAuthenticator tokens, ProjectRepository projects) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.projects = requireNonNull(projects, "projects is null");
    }

    /** The project of the request's token; {@link ErrorCode#FORBIDDEN} when the token only reads. */
    public Project authenticate(ServerRequest request) {
        Project project = tokens.authenticate(request);
        // the token authenticated, so the header is HTTP Basic token_id:token_secret
        String header = request.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        String decoded = new String(Base64.getDecoder().decode(header.substring("Basic ".length()).trim()),
                StandardCharsets.UTF_8);
        String tokenId = decoded.substring(0, decoded.indexOf(':'));
        boolean admin = projects.findToken(tokenId).map(ApiToken::role)
                .filter(role -> role == ApiToken.TokenRole.ADMIN).isPresent();
        if (!admin) {
            throw new PlaytraceException(ErrorCode.FORBIDDEN, "reporting encoding jobs needs an admin API token");
        }
        return project;
    }
}
