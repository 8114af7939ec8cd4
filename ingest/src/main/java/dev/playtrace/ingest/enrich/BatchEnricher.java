package dev.playtrace.ingest.enrich;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Computes a batch's {@link Enrichment} from the request that carried it: browser, OS and device from the User-Agent,
 * country from the CDN's country header, else from the client IP through the {@link CountryLookup}.
 *
 * <p>Thread-safe when its parser and lookup are (the provided ones are).
 */
public final class BatchEnricher {
    private final UserAgentParser userAgents;
    private final CountryLookup countries;

    public BatchEnricher(UserAgentParser userAgents, CountryLookup countries) {
        this.userAgents = requireNonNull(userAgents, "userAgents is null");
        this.countries = requireNonNull(countries, "countries is null");
    }

    /**
     * The production wiring: the shared yauaa parser, and the IP database when a file is configured.
     *
     * @param ipDatabase an MMDB file (MaxMind country/city or an {@code @ip-location-db} country file), or empty for
     *        CDN headers only; opened now, so a bad path fails at startup
     */
    public static BatchEnricher standard(Optional<Path> ipDatabase) {
        CountryLookup countries = ipDatabase.<CountryLookup>map(MaxMindCountryLookup::open).orElse(CountryLookup.none());
        return new BatchEnricher(YauaaUserAgentParser.shared(), countries);
    }

    /**
     * @param userAgent the User-Agent header, may be null
     * @param clientIp the client address, may be null; used for the lookup only, never kept
     * @param cdnCountryCode {@code CloudFront-Viewer-Country} or {@code CF-IPCountry}, may be null
     */
    public Enrichment enrich(String userAgent, String clientIp, String cdnCountryCode) {
        UserAgentInfo info = userAgents.parse(userAgent);
        return new Enrichment(info, country(clientIp, cdnCountryCode).orElse(null));
    }

    private Optional<String> country(String clientIp, String cdnCountryCode) {
        Optional<String> fromHeader = CountryCodes.normalise(cdnCountryCode);
        if (fromHeader.isPresent() || clientIp == null || clientIp.isBlank()) {
            return fromHeader;
        }
        try {
            return countries.countryCode(clientIp).flatMap(CountryCodes::normalise);
        }
        catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
