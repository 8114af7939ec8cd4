package dev.playtrace.query;

/**
 * Views with a fatal error of one code.
 *
 * @param percentage views with this error / all views in the window × 100
 */
public record ErrorSummary(String code, String message, long count, double percentage, long lastSeenMs) {
}
