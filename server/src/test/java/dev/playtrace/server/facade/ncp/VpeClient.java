package dev.playtrace.server.facade.ncp;

import dev.playtrace.server.ProjectAdmin;
import dev.playtrace.server.facade.Facade;
import dev.playtrace.server.support.RunningServer;

import java.net.http.HttpRequest;
import java.util.Map;

/** Sends NCP requests to a running server: VPE with API-key headers, VOD Station signed with signature v2. */
final class VpeClient {
    private VpeClient() {
    }

    static String key(ProjectAdmin.Credentials credentials, String environmentVariable) {
        return credentials.facadeKeys().stream().filter(key -> key.environmentVariable().equals(environmentVariable))
                .map(Facade.IssuedKey::value).findFirst().orElseThrow();
    }

    static RunningServer.Response vpe(RunningServer server, ProjectAdmin.Credentials credentials, String pathAndQuery) {
        return vpe(server, pathAndQuery, Map.of("x-api-key", key(credentials, NcpFacade.VPE_API_KEY_VARIABLE),
                "x-project-id", credentials.project().id()));
    }

    static RunningServer.Response vpe(RunningServer server, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(pathAndQuery)).GET();
        headers.forEach(request::header);
        return server.send(request.build());
    }

    /** Signs {@code GET pathAndQuery} at {@code timestampMs} with the project's access key and secret. */
    static RunningServer.Response signed(RunningServer server, ProjectAdmin.Credentials credentials, String pathAndQuery,
            long timestampMs) {
        String accessKey = key(credentials, NcpFacade.NCP_ACCESS_KEY_VARIABLE);
        String secret = key(credentials, NcpFacade.NCP_SECRET_KEY_VARIABLE);
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        String signature = NcpSignature.sign(secret, "GET", path, query, Long.toString(timestampMs), accessKey);
        return vpe(server, pathAndQuery, Map.of("x-ncp-apigw-timestamp", Long.toString(timestampMs),
                "x-ncp-iam-access-key", accessKey, "x-ncp-apigw-signature-v2", signature));
    }
}
