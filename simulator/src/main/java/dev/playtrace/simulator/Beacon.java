package dev.playtrace.simulator;

import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * One HTTP POST of the beacon protocol as the simulated SDK sends it.
 *
 * <p>The ground truth assumes the server receives it at exactly {@link #sendAtServerMs()} (server clock): the
 * body's {@code metadata.transmission_timestamp} is the device clock at that instant, so the server's correction
 * {@code viewer_time + (received_at - transmission_timestamp)} gives back the true event times. A test with an
 * injected server clock sets it to {@code sendAtServerMs} before posting. A loader that posts at another time
 * (a backfill posted now, or a live post a few ms late) sends {@link #jsonBodyReceivedAt(long)} instead.
 *
 * @param sendAtServerMs when the server should receive it, epoch ms
 * @param userAgent the HTTP {@code User-Agent} header to send
 * @param countryCode the viewer's country, for a CDN country header ({@code CF-IPCountry},
 *        {@code CloudFront-Viewer-Country})
 * @param deviceClockOffsetMs the sending device's clock minus server time
 * @param delivery whether this is a normal send, a duplicate retry, or a late (out of order) retry
 * @param jsonBody the body, {@code Content-Type: application/json}
 */
public record Beacon(
        long sendAtServerMs,
        String viewId,
        String userAgent,
        String countryCode,
        long deviceClockOffsetMs,
        Delivery delivery,
        int eventCount,
        String jsonBody) {

    /** How this send relates to the SDK's flush. */
    public enum Delivery { NORMAL, DUPLICATE, DELAYED }

    static final String BODY_PREFIX = "{\"metadata\":{\"transmission_timestamp\":";

    public Beacon {
        requireNonNull(viewId, "viewId is null");
        requireNonNull(userAgent, "userAgent is null");
        requireNonNull(countryCode, "countryCode is null");
        requireNonNull(delivery, "delivery is null");
        requireNonNull(jsonBody, "jsonBody is null");
        if (!jsonBody.startsWith(BODY_PREFIX)) {
            throw new IllegalArgumentException("body does not start with the metadata");
        }
    }

    /** The body as UTF-8 bytes. */
    public byte[] jsonBytes() {
        return jsonBody.getBytes(StandardCharsets.UTF_8);
    }

    /** The device clock value the SDK put in {@code metadata.transmission_timestamp}. */
    public long transmissionTimestamp() {
        return sendAtServerMs + deviceClockOffsetMs;
    }

    /**
     * The body with {@code transmission_timestamp} set so that a server receiving it at
     * {@code receivedAtServerMs} recovers the true event times: use it to post a backfill now, or to post live
     * beacons without the posting lag shifting the events. Exact when the server's receipt time is exactly that.
     */
    public String jsonBodyReceivedAt(long receivedAtServerMs) {
        int end = BODY_PREFIX.length();
        while (end < jsonBody.length() && (jsonBody.charAt(end) == '-' || Character.isDigit(jsonBody.charAt(end)))) {
            end++;
        }
        return BODY_PREFIX + (receivedAtServerMs + deviceClockOffsetMs) + jsonBody.substring(end);
    }
}
