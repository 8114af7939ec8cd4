package dev.playtrace.ingest.enrich;

import java.util.Locale;
import java.util.Optional;

/** Normalises country codes from CDN headers and IP databases. */
public final class CountryCodes {

    private CountryCodes() {
    }

    /**
     * The upper-case code when {@code value} is two ASCII letters; empty for anything else, including the "unknown"
     * codes {@code XX} (Cloudflare) and {@code ZZ}, and Cloudflare's {@code T1} (Tor exit node).
     */
    public static Optional<String> normalise(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String code = value.trim().toUpperCase(Locale.ROOT);
        if (code.length() != 2 || !isLetter(code.charAt(0)) || !isLetter(code.charAt(1))
                || code.equals("XX") || code.equals("ZZ")) {
            return Optional.empty();
        }
        return Optional.of(code);
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
