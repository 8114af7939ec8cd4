package dev.playtrace.server.sdk;

import io.helidon.webserver.http.HttpRouting;

/** Serves the JavaScript player SDK's single-file build at {@code /sdk/playtrace.js}. */
public final class SdkRoutes {
    public void register(HttpRouting.Builder routing) {
        // filled in by the SDK work
    }
}
