package dev.playtrace.server.http;

import dev.playtrace.model.ErrorCode;

/**
 * Maps error categories to HTTP statuses, exhaustively (a new category does not compile until it has a status): a
 * client's mistake is never a 5xx (clients retry those).
 */
public final class HttpStatuses {
    private HttpStatuses() {
    }

    public static int statusOf(ErrorCode code) {
        return switch (code.type()) {
            case USER_ERROR -> 400;
            case NOT_FOUND -> 404;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }
}
