package dev.playtrace.server.sdk;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Serves the JavaScript player SDK's single-file builds (from the {@code playtrace-sdk-js} jar) at
 * {@code /sdk/playtrace.js} (a script setting {@code window.playtrace}) and {@code /sdk/playtrace.mjs} (an ES module).
 */
public final class SdkRoutes {
    static final String SCRIPT_RESOURCE = "/sdk/playtrace.js";
    static final String MODULE_RESOURCE = "/sdk/playtrace.mjs";
    /** The URL is not versioned, so caches revalidate soon (by ETag) and a server upgrade reaches players quickly. */
    static final String CACHE_CONTROL = "public, max-age=300";

    public void register(HttpRouting.Builder routing) {
        serve(routing, "/sdk/playtrace.js", SCRIPT_RESOURCE);
        serve(routing, "/sdk/playtrace.mjs", MODULE_RESOURCE);
    }

    private static void serve(HttpRouting.Builder routing, String path, String resource) {
        byte[] body = load(resource);
        String etag = "\"" + sha256(body).substring(0, 32) + "\"";
        routing.get(path, (request, response) -> {
            // any page may load the SDK, including cross-origin-isolated ones
            response.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.header(HeaderNames.create("Cross-Origin-Resource-Policy"), "cross-origin");
            response.header(HeaderNames.CACHE_CONTROL, CACHE_CONTROL);
            response.header(HeaderNames.ETAG, etag);
            boolean unchanged = request.headers().first(HeaderNames.IF_NONE_MATCH)
                    .map(value -> value.contains(etag))
                    .orElse(false);
            if (unchanged) {
                response.status(Status.NOT_MODIFIED_304).send();
                return;
            }
            response.header(HeaderNames.CONTENT_TYPE, "text/javascript; charset=utf-8");
            response.send(body);
        });
    }

    private static byte[] load(String resource) {
        try (InputStream in = SdkRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing: build sdk/js (playtrace-sdk-js)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
