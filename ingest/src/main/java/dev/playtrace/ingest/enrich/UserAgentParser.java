package dev.playtrace.ingest.enrich;

/** Turns a User-Agent header into {@link UserAgentInfo}; implementations are thread-safe and never throw on bad input. */
@FunctionalInterface
public interface UserAgentParser {
    /** @param userAgent the header value, possibly null or empty (which gives {@link UserAgentInfo#UNKNOWN}) */
    UserAgentInfo parse(String userAgent);

    /** A parser that knows nothing, for wiring without user-agent enrichment. */
    static UserAgentParser none() {
        return userAgent -> UserAgentInfo.UNKNOWN;
    }
}
