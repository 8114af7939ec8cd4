package dev.playtrace.ingest.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@link CountryLookup} over an MMDB file (MaxMind GeoLite2/GeoIP2 Country or City, or an {@code @ip-location-db}
 * country file). Reads {@code country.iso_code} (MaxMind layout), then {@code registered_country.iso_code}, then a flat
 * {@code country_code} (ip-location-db layout).
 */
public final class MaxMindCountryLookup implements CountryLookup, Closeable {
    private final Reader reader;

    private MaxMindCountryLookup(Reader reader) {
        this.reader = reader;
    }

    /** Opens (memory-maps) the file; fails now, at startup, when it is missing or not an MMDB file. */
    public static MaxMindCountryLookup open(Path mmdbFile) {
        requireNonNull(mmdbFile, "mmdbFile is null");
        try {
            return new MaxMindCountryLookup(new Reader(mmdbFile.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache()));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot open the IP database " + mmdbFile, e);
        }
    }

    @Override
    public Optional<String> countryCode(String clientIp) {
        Optional<InetAddress> address = IpLiterals.parse(clientIp);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> record = reader.get(address.get(), Map.class);
            return countryOf(record);
        }
        catch (IOException | RuntimeException e) {
            // a corrupt entry or a closed reader loses the country, never the batch
            return Optional.empty();
        }
    }

    /** The country of one decoded MMDB record, in either layout. */
    static Optional<String> countryOf(Map<String, Object> record) {
        if (record == null) {
            return Optional.empty();
        }
        for (String key : new String[] {"country", "registered_country"}) {
            if (record.get(key) instanceof Map<?, ?> country && country.get("iso_code") instanceof String isoCode) {
                Optional<String> code = CountryCodes.normalise(isoCode);
                if (code.isPresent()) {
                    return code;
                }
            }
        }
        if (record.get("country_code") instanceof String flat) {
            return CountryCodes.normalise(flat);
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
