package dev.playtrace.model;

/**
 * The first fatal error of a view.
 *
 * @param beforeFirstFrame true when it happened before the first frame (a video startup failure)
 */
public record FatalError(String code, String message, boolean businessException, boolean beforeFirstFrame, long atMs) {
}
