package dev.playtrace.ingest.pipeline;

/**
 * What the HTTP layer knows about the request that carried a beacon batch.
 *
 * @param receivedAtMs server time (from the injected clock) when the request arrived; the reference for clock correction
 * @param userAgent the {@code User-Agent} header, may be null
 * @param clientIp the client address (after the server's trusted-proxy handling), may be null; used for the country
 *        lookup only and never stored or logged
 * @param cdnCountryCode {@code CloudFront-Viewer-Country} or {@code CF-IPCountry}, may be null
 */
public record BeaconContext(long receivedAtMs, String userAgent, String clientIp, String cdnCountryCode) {

    /** Leaves the client IP out, so that logging a context cannot leak it. */
    @Override
    public String toString() {
        return "BeaconContext[receivedAtMs=" + receivedAtMs + ", userAgent=" + userAgent
                + ", clientIp=" + (clientIp == null ? "null" : "(hidden)") + ", cdnCountryCode=" + cdnCountryCode + "]";
    }
}
