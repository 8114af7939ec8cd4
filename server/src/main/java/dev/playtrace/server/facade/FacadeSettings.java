package dev.playtrace.server.facade;

/**
 * Settings of the vendor facades, read from the environment by the composition root (facades never read it).
 *
 * @param apiVideoRateLimitPerMinute requests per minute per api.video API key ({@code PLAYTRACE_APIVIDEO_RATE_LIMIT})
 */
public record FacadeSettings(int apiVideoRateLimitPerMinute) {
    public static final int DEFAULT_APIVIDEO_RATE_LIMIT = 60;
    public static final FacadeSettings DEFAULTS = new FacadeSettings(DEFAULT_APIVIDEO_RATE_LIMIT);

    public FacadeSettings {
        if (apiVideoRateLimitPerMinute < 1) {
            throw new IllegalArgumentException("the api.video rate limit must be at least 1 per minute, was "
                    + apiVideoRateLimitPerMinute);
        }
    }
}
