package dev.playtrace.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Tells clients how long an idle kept-alive connection may be reused: every response carries
 * {@code Keep-Alive: timeout=N}, N being half the server's idle close ({@link ListenerSettings#announcedKeepAliveSeconds()}).
 * Without it a client keeps a connection in its pool past the moment the server closes it, and a request sent just
 * as the server closes is lost without an answer (on a POST, the client cannot tell whether it was taken). Clients
 * that honour the announcement (Node's http Agent and undici, expiring a second before it; Firefox; the JDK's
 * {@code HttpURLConnection}) close first. The JDK's {@code java.net.http.HttpClient} does not read it: its pool keeps
 * connections {@code jdk.httpclient.keepalive.timeout} seconds (30 by default), so a JDK client sets that below N.
 */
public final class KeepAliveAnnouncement implements Filter {
    private static final HeaderName KEEP_ALIVE = HeaderNames.create("Keep-Alive");

    private final String value;

    public KeepAliveAnnouncement(ListenerSettings listener) {
        this.value = "timeout=" + listener.announcedKeepAliveSeconds();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        response.header(KEEP_ALIVE, value);
        chain.proceed();
    }
}
