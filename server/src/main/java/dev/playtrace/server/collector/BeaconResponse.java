package dev.playtrace.server.collector;

import dev.playtrace.ingest.decode.BatchFailureKind;
import dev.playtrace.ingest.pipeline.BatchResult;
import dev.playtrace.ingest.pipeline.EventRejection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the collector answers for an ingested batch (beacon-protocol.md, "Responses"): the status and the body. */
final class BeaconResponse {
    private BeaconResponse() {
    }

    /**
     * 200 when at least one event was accepted or nothing was refused (a batch of reports that record nothing);
     * the failure's status (400, 401) when the batch failed; else 400.
     */
    static int status(BatchResult result) {
        return result.failure().map(failure -> status(failure.kind()))
                .orElse(result.events().isEmpty() && result.rejected() > 0 ? 400 : 200);
    }

    static int status(BatchFailureKind kind) {
        return switch (kind) {
            case MALFORMED_JSON, NOT_A_BATCH, EMPTY -> 400;
            case UNKNOWN_INGEST_KEY -> 401;
        };
    }

    /**
     * {@code {"accepted": n, "rejected": m, "errors": [{"index", "field", "message"}], "warnings": [...]}}, plus
     * {@code "error": {"code", "message"}} when the batch failed.
     */
    static Map<String, Object> body(BatchResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", result.accepted());
        body.put("rejected", result.rejected());
        result.failure().ifPresent(failure -> body.put("error", error(failure.kind().code(), failure.message())));
        List<Map<String, Object>> errors = new ArrayList<>(result.rejections().size());
        for (EventRejection rejection : result.rejections()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", rejection.index());
            entry.put("field", rejection.field());
            entry.put("message", rejection.message());
            errors.add(entry);
        }
        body.put("errors", errors);
        body.put("warnings", result.warnings());
        return body;
    }

    /** The body of a batch refused as a whole before ingest (too large, unreadable) or after it (not stored). */
    static Map<String, Object> refused(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", 0);
        body.put("rejected", 0);
        body.put("error", error(code, message));
        return body;
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return error;
    }
}
