package dev.playtrace.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Generates random keys and secrets, and hashes secrets so only their SHA-256 is stored. */
public final class TokenSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    public static String random(String prefix, int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    /** A lowercase alphanumeric key, so it fits mux-embed's {@code ^[a-z0-9]+$} env key pattern. */
    public static String randomLowerAlphanumeric(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return key.toString();
    }

    public static String sha256Hex(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** A stored hash for ids that do not exist: comparing against it costs what comparing against a real one does. */
    private static final String DUMMY_SHA256_HEX = sha256Hex(random("", 32));

    /**
     * Whether {@code secret} matches the stored hash of the id presented; an unknown id (no stored hash) is compared
     * against a dummy hash, so the time taken does not tell which ids exist.
     */
    public static boolean matchesStored(String secret, java.util.Optional<String> storedSha256Hex) {
        boolean matches = matches(secret, storedSha256Hex.orElse(DUMMY_SHA256_HEX));
        return storedSha256Hex.isPresent() && matches;
    }

    public static boolean matches(String secret, String expectedSha256Hex) {
        byte[] actual = sha256Hex(secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, expectedSha256Hex.getBytes(StandardCharsets.US_ASCII));
    }
}
