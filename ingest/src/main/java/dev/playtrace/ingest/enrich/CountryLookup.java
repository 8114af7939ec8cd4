package dev.playtrace.ingest.enrich;

import java.util.Optional;

/** Finds the country of a client IP address; implementations are thread-safe and never throw on bad input. */
@FunctionalInterface
public interface CountryLookup {
    /**
     * @param clientIp a literal IPv4 or IPv6 address (never a host name: nothing is resolved)
     * @return the ISO 3166-1 alpha-2 code in upper case, or empty when unknown or the address is not a literal
     */
    Optional<String> countryCode(String clientIp);

    /** No IP database: the country comes from the CDN header only. */
    static CountryLookup none() {
        return clientIp -> Optional.empty();
    }
}
