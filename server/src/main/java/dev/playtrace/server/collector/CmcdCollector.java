package dev.playtrace.server.collector;

import dev.playtrace.ingest.decode.BatchFailureKind;
import dev.playtrace.ingest.decode.BeaconLimits;
import dev.playtrace.ingest.decode.CmcdReportDecoder;
import dev.playtrace.ingest.decode.RejectReason;
import dev.playtrace.ingest.pipeline.BatchResult;
import dev.playtrace.ingest.pipeline.EventRejection;
import dev.playtrace.model.BeaconFields;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /v1/cmcd?env_key=<ingest key>} and {@code POST /v1/cmcd/<ingest key>}: CMCD v2 event-mode reports
 * ({@code application/cmcd}, one per line, or a JSON array), collected like {@code /v1/beacons} (body limit, gzip,
 * CORS, 503 with Retry-After when overloaded). CMCD has no key field, so the project's ingest key travels in the URL.
 *
 * <p>The answers follow what CTA-5004-B gives an event-mode reporter, which reads nothing but the status: 2xx taken;
 * 429 and 5xx send the batch again (Playtrace's 503 when it is overloaded or could not store, nothing of the batch
 * kept); 410 stop reporting to this target for the rest of the session; anything else drops the batch. So Playtrace
 * answers {@link #GONE} when it will never take anything of the session: the ingest key is unknown (401 on
 * {@code /v1/beacons}), or not one report was accepted and every rejection holds for the whole session (no usable
 * {@code sid}; {@code ts} outside the accepted window, which for CMCD, with no clock correction, means the device's
 * clock). A batch with one accepted report is answered 200 (the others are in its {@code errors}).
 */
public final class CmcdCollector {
    public static final String PATH = "/v1/cmcd";
    public static final String KEYED_PATH = "/v1/cmcd/{ingestKey}";
    /** CTA-5004-B: the target is gone for the rest of this session; the reporter stops sending to it. */
    static final int GONE = 410;
    private static final Set<RejectReason> DEVICE_CLOCK = Set.of(RejectReason.TIME_TOO_OLD, RejectReason.TIME_IN_FUTURE);

    private final BeaconCollector collector;
    private final CmcdReportDecoder decoder = new CmcdReportDecoder(BeaconLimits.DEFAULT);

    CmcdCollector(BeaconCollector collector) {
        this.collector = requireNonNull(collector, "collector is null");
    }

    void register(HttpRouting.Builder routing) {
        for (String path : new String[] {PATH, KEYED_PATH}) {
            routing.options(path, collector::preflight);
            routing.post(path, this::collect);
        }
    }

    private void collect(ServerRequest request, ServerResponse response) {
        String ingestKey = request.path().pathParameters().first("ingestKey")
                .orElseGet(() -> request.query().first("env_key").orElse(null));
        collector.collect(request, response, body -> decoder.decode(body, ingestKey), CmcdCollector::status);
    }

    /** The status of an ingested batch: as {@code /v1/beacons}, but {@link #GONE} for a session never to be taken. */
    static int status(BatchResult result) {
        boolean unknownKey = result.failure().map(failure -> failure.kind() == BatchFailureKind.UNKNOWN_INGEST_KEY)
                .orElse(false);
        boolean neverTaken = result.failure().isEmpty() && result.accepted() == 0 && !result.rejections().isEmpty()
                && result.rejections().stream().allMatch(CmcdCollector::holdsForTheSession);
        return unknownKey || neverTaken ? GONE : BeaconResponse.status(result);
    }

    private static boolean holdsForTheSession(EventRejection rejection) {
        return BeaconFields.VIEW_ID.equals(rejection.field()) || DEVICE_CLOCK.contains(rejection.reason());
    }
}
