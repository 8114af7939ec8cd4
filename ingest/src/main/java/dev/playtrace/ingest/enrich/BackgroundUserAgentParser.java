package dev.playtrace.ingest.enrich;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A parser built on its own thread: yauaa takes ~5 s to build its matchers, and nothing but user-agent enrichment
 * needs to wait for that, so the server answers queries, health checks and the dashboard meanwhile. The first
 * beacons wait in {@link #parse} until the parser is ready.
 */
public final class BackgroundUserAgentParser implements UserAgentParser {
    private final CompletableFuture<UserAgentParser> parser;

    private BackgroundUserAgentParser(CompletableFuture<UserAgentParser> parser) {
        this.parser = parser;
    }

    /** Starts building now, on a daemon thread. */
    public static BackgroundUserAgentParser start(Supplier<? extends UserAgentParser> build) {
        requireNonNull(build, "build is null");
        CompletableFuture<UserAgentParser> parser = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            try {
                parser.complete(build.get());
            } catch (Throwable e) {
                parser.completeExceptionally(e);
            }
        }, "user-agent-parser-build");
        builder.setDaemon(true);
        builder.start();
        return new BackgroundUserAgentParser(parser);
    }

    @Override
    public UserAgentInfo parse(String userAgent) {
        UserAgentParser ready;
        try {
            ready = parser.join();
        } catch (RuntimeException e) {
            // a parser that failed to build must not cost beacons their events
            return UserAgentInfo.UNKNOWN;
        }
        return ready.parse(userAgent);
    }

    public boolean isReady() {
        return parser.isDone();
    }
}
