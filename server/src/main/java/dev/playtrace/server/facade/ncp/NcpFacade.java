package dev.playtrace.server.facade.ncp;

import dev.playtrace.model.Credential;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.Project;
import dev.playtrace.server.TokenSecrets;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.facade.FacadeContext;
import dev.playtrace.server.http.ErrorAnswer;
import dev.playtrace.server.http.ErrorBodyFormat;
import dev.playtrace.server.http.RouteHandlers;
import io.helidon.webserver.http.HttpRouting;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * NAVER Cloud Platform compatibility: the VPE Media Analytics API ({@code /v1/charts/**}, {@code /v1/contentsSummary**},
 * authenticated by a VPE API key) and the VOD Station API ({@code /api/v2/**}, authenticated by the API Gateway
 * signature v2 with an NCP access key and secret). VOD Station reads the encoding jobs that encoders report through
 * the native encoding API ({@code nativeapi.EncodingJobsApi}). See {@code package-info.java} for the choices made
 * where NAVER's docs are silent.
 */
public final class NcpFacade implements Facade {
    public static final String VPE_API_KEY_VARIABLE = "PLAYTRACE_VPE_API_KEY";
    public static final String NCP_ACCESS_KEY_VARIABLE = "PLAYTRACE_NCP_ACCESS_KEY";
    public static final String NCP_SECRET_KEY_VARIABLE = "PLAYTRACE_NCP_SECRET_KEY";

    private final FacadeContext context;
    private final NcpAuthenticators authenticators;

    public NcpFacade(FacadeContext context) {
        this.context = requireNonNull(context, "context is null");
        this.authenticators = new NcpAuthenticators(context.projects(), context.secrets(), context.clock());
    }

    @Override
    public void register(HttpRouting.Builder routing) {
        RouteHandlers<Project> vpeHandlers = RouteHandlers.json(authenticators::vpe, NcpFacade::vpeError, context.timer());
        new VpeAnalyticsApi(context.queries(), context.clock(), vpeHandlers).register(routing);
        RouteHandlers<Project> gatewayHandlers = RouteHandlers.json(authenticators::gateway, NcpFacade::vodStationError,
                context.timer());
        new VodStationApi(context.store().encodingJobs(), gatewayHandlers).register(routing);
    }

    /** Core errors in VOD Station's style (its own 2600xx codes). */
    private static ErrorAnswer vodStationError(ErrorCode code, int status, String message) {
        NcpError error = switch (code.type()) {
            case USER_ERROR -> NcpError.vodStation(400, VodStationApi.INPUT_VALUE_ERROR, message);
            case NOT_FOUND -> NcpError.vodStation(404, VodStationApi.NOT_FOUND, message);
            case UNAUTHENTICATED -> NcpError.authenticationFailed(message);
            case FORBIDDEN -> NcpError.gateway(401, "210", "Permission Denied", message);
            case CONFLICT -> NcpError.vodStation(409, VodStationApi.INPUT_VALUE_ERROR, message);
            // NAVER documents no body for the gateway's throttling: its error shape with the status as the code
            case RATE_LIMITED -> NcpError.gateway(429, "429", "Too Many Requests", message);
            case UNAVAILABLE -> NcpError.gateway(503, "503", "Service Unavailable", message);
            case INTERNAL -> NcpError.vodStation(500, VodStationApi.INTERNAL_ERROR, message);
        };
        return error.answer();
    }

    /** Core errors in VPE's style: a client's mistake is 400 with the code in {@code errorCode}. */
    private static ErrorAnswer vpeError(ErrorCode code, int status, String message) {
        return NcpError.vpe(status, String.valueOf(status), message).answer();
    }

    @Override
    public List<IssuedKey> issueKeys(Project project, Map<String, String> environment) {
        long nowMs = context.clock().millis();
        String vpeKey = fixed(environment, VPE_API_KEY_VARIABLE).orElseGet(() -> TokenSecrets.randomLowerAlphanumeric(32));
        context.projects().saveCredential(new Credential(NcpAuthenticators.VPE_API_KEY, project.id(), project.id(),
                TokenSecrets.sha256Hex(vpeKey), nowMs));
        String accessKey = fixed(environment, NCP_ACCESS_KEY_VARIABLE)
                .orElseGet(() -> "ncp_" + TokenSecrets.randomLowerAlphanumeric(20));
        String secretKey = fixed(environment, NCP_SECRET_KEY_VARIABLE)
                .orElseGet(() -> TokenSecrets.randomLowerAlphanumeric(40));
        context.projects().saveCredential(new Credential(NcpAuthenticators.NCP_ACCESS_KEY, accessKey, project.id(),
                context.secrets().encrypt(secretKey), nowMs));
        return List.of(
                new IssuedKey("NCP VPE API key (x-api-key; x-project-id is the project id)", vpeKey, VPE_API_KEY_VARIABLE),
                new IssuedKey("NCP access key (x-ncp-iam-access-key)", accessKey, NCP_ACCESS_KEY_VARIABLE),
                new IssuedKey("NCP secret key (signs x-ncp-apigw-signature-v2)", secretKey, NCP_SECRET_KEY_VARIABLE));
    }

    private static Optional<String> fixed(Map<String, String> environment, String variable) {
        return Optional.ofNullable(environment.get(variable)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
