package dev.playtrace.server.facade.ncp;

import dev.playtrace.model.Credential;
import dev.playtrace.model.Project;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.server.SecretBox;
import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.auth.EvenCostLookup;
import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Resolves the project of an NCP request: VPE's API key, or the API Gateway's signature v2. */
final class NcpAuthenticators {
    /** A project's VPE API key: key id = project id (the {@code x-project-id}), stored as its SHA-256. */
    static final String VPE_API_KEY = "ncp-vpe-api-key";
    /** A project's NCP access key: key id = access key, stored secret = the secret key encrypted by {@link SecretBox}. */
    static final String NCP_ACCESS_KEY = "ncp-access-key";

    private final ProjectRepository projects;
    private final SecretBox secrets;
    private final Clock clock;
    /** An encrypted secret no access key has, for unknown access keys. */
    private final String dummySecret;
    private final EvenCostLookup<Credential> vpeKeys;
    private final EvenCostLookup<Credential> accessKeys;

    NcpAuthenticators(ProjectRepository projects, SecretBox secrets, Clock clock) {
        this.projects = requireNonNull(projects, "projects is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.dummySecret = secrets.encrypt(TokenSecrets.random("", 32));
        this.vpeKeys = new EvenCostLookup<>(projectId -> projects.findCredential(VPE_API_KEY, projectId));
        this.accessKeys = new EvenCostLookup<>(accessKey -> projects.findCredential(NCP_ACCESS_KEY, accessKey));
    }

    /** {@code x-api-key} + {@code x-project-id}; failures answer VPE's HTTP 200 "Unauthorized". */
    Project vpe(ServerRequest request) {
        Optional<String> apiKey = header(request, "x-api-key");
        Optional<String> projectId = header(request, "x-project-id");
        if (apiKey.isEmpty() || projectId.isEmpty()) {
            throw NcpError.vpeUnauthorized("x-api-key and x-project-id headers are required");
        }
        // an unknown project costs what a known one with a wrong key does: the time does not tell which projects exist
        vpeKeys.verified(projectId.get(), found -> TokenSecrets.matchesStored(apiKey.get(),
                        found.filter(key -> key.projectId().equals(projectId.get())).map(Credential::storedSecret)))
                .orElseThrow(() -> NcpError.vpeUnauthorized("unknown project or wrong API key"));
        return projects.findProject(projectId.get())
                .orElseThrow(() -> NcpError.vpeUnauthorized("the project no longer exists"));
    }

    /**
     * The API Gateway signature v2 over the method, the raw path and query as sent, the timestamp and the access key;
     * a timestamp more than 5 minutes from our clock is refused.
     */
    Project gateway(ServerRequest request) {
        Optional<String> timestamp = header(request, "x-ncp-apigw-timestamp");
        Optional<String> accessKey = header(request, "x-ncp-iam-access-key");
        Optional<String> signature = header(request, "x-ncp-apigw-signature-v2");
        if (timestamp.isEmpty() || accessKey.isEmpty() || signature.isEmpty()) {
            throw NcpError.authenticationFailed("Authentication information are missing.");
        }
        long timestampMs;
        try {
            timestampMs = Long.parseLong(timestamp.get().trim());
        } catch (NumberFormatException e) {
            throw NcpError.authenticationFailed("Invalid authentication information.");
        }
        if (Math.abs(clock.millis() - timestampMs) > NcpSignature.MAX_SKEW_MS) {
            throw NcpError.authenticationFailed(
                    "Invalid authentication information. The timestamp differs from the server time by more than 5 minutes.");
        }
        // an unknown access key is checked against a dummy secret (the same decryption and signature as a known one)
        // and costs the same lookups, so the time does not tell which access keys exist
        Credential credential = accessKeys.verified(accessKey.get(), found -> NcpSignature.matches(
                        NcpSignature.sign(secrets.decrypt(found.map(Credential::storedSecret).orElse(dummySecret)),
                                request.prologue().method().text(), request.path().absolute().rawPath(),
                                request.query().rawValue(), timestamp.get(), accessKey.get()),
                        signature.get()))
                .orElseThrow(() -> NcpError.authenticationFailed("Invalid authentication information."));
        return projects.findProject(credential.projectId())
                .orElseThrow(() -> NcpError.authenticationFailed("Invalid authentication information."));
    }

    private static Optional<String> header(ServerRequest request, String name) {
        return request.headers().first(io.helidon.http.HeaderNames.create(name)).filter(value -> !value.isBlank());
    }
}
