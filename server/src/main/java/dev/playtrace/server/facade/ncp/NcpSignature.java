package dev.playtrace.server.facade.ncp;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The NCP API Gateway signature v2: Base64(HMAC-SHA256(secret, "METHOD rawPath[?rawQuery]\ntimestamp\naccessKey")),
 * as the official SDK's {@code IamCredentials.makeSignature} computes it (vendor_apis.md §2.1).
 */
public final class NcpSignature {
    /** The gateway rejects a timestamp further than this from its own clock. */
    public static final long MAX_SKEW_MS = 5 * 60_000L;

    private NcpSignature() {
    }

    /** The string to sign; {@code rawQuery} null or empty adds no {@code ?}. Path and query stay exactly as sent. */
    public static String stringToSign(String method, String rawPath, String rawQuery, String timestamp, String accessKey) {
        String pathWithQuery = rawQuery == null || rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
        return method.toUpperCase(java.util.Locale.ROOT) + " " + pathWithQuery + "\n" + timestamp + "\n" + accessKey;
    }

    public static String sign(String secretKey, String method, String rawPath, String rawQuery, String timestamp,
            String accessKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(stringToSign(method, rawPath, rawQuery, timestamp, accessKey)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    /** Compares a presented signature with the expected one in constant time. */
    public static boolean matches(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
