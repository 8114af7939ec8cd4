package dev.playtrace.server.alerts;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The signature of a webhook message: header {@value #HEADER} = {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}, the
 * HMAC keyed by the rule's webhook secret over {@code "<t>.<body>"}. A receiver recomputes it over the raw body,
 * compares in constant time, and refuses a {@code t} older than its tolerance (5 minutes suggested), so a captured
 * message cannot be replayed later; {@code Playtrace-Delivery} (the same on every retry) lets it drop duplicates.
 */
public final class WebhookSignature {
    public static final String HEADER = "Playtrace-Signature";
    public static final long DEFAULT_TOLERANCE_SECONDS = 300;

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds + "." + body);
    }

    /** Whether the header signs this body with this secret and its time is within the tolerance of now. */
    public static boolean verify(String secret, String header, String body, long nowUnixSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        String signature = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signature = pair[1];
            }
        }
        if (timestamp == null || signature == null || Math.abs(nowUnixSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] expected = hmacHex(secret, timestamp + "." + body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
