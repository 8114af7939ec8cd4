package dev.playtrace.ingest.enrich;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaxMindCountryLookupTest {

    @Test
    void readsTheMaxMindLayout() {
        Map<String, Object> geoLite2 = Map.of(
                "continent", Map.of("code", "EU"),
                "country", Map.of("iso_code", "NL", "names", Map.of("en", "Netherlands")),
                "registered_country", Map.of("iso_code", "DE"));

        assertThat(MaxMindCountryLookup.countryOf(geoLite2)).contains("NL");
    }

    @Test
    void fallsBackToTheRegisteredCountryWhenTheCountryIsMissing() {
        assertThat(MaxMindCountryLookup.countryOf(Map.of("registered_country", Map.of("iso_code", "DE")))).contains("DE");
    }

    @Test
    void readsTheFlatIpLocationDbLayout() {
        assertThat(MaxMindCountryLookup.countryOf(Map.of("country_code", "jp"))).contains("JP");
    }

    @Test
    void recordsWithoutACountryGiveNone() {
        assertThat(MaxMindCountryLookup.countryOf(null)).isEmpty();
        assertThat(MaxMindCountryLookup.countryOf(Map.of("asn", 64500L))).isEmpty();
        assertThat(MaxMindCountryLookup.countryOf(Map.of("country", "NL"))).isEmpty();
    }

    @Test
    void looksUpAddressesInARealMmdbFileOfEitherLayout(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("country.mmdb");
        Files.write(file, new TinyMmdbWriter()
                .insert("203.0.113.0/24", Map.of("country", Map.of("iso_code", "NL", "names", Map.of("en", "Netherlands"))))
                .insert("198.51.100.0/25", Map.of("country_code", "JP"))
                .insert("192.0.2.0/24", Map.of("registered_country", Map.of("iso_code", "DE")))
                .build());

        try (MaxMindCountryLookup lookup = MaxMindCountryLookup.open(file)) {
            assertThat(lookup.countryCode("203.0.113.9")).contains("NL");
            assertThat(lookup.countryCode("198.51.100.7")).contains("JP");
            assertThat(lookup.countryCode("198.51.100.200")).isEmpty();
            assertThat(lookup.countryCode("192.0.2.1")).contains("DE");
            assertThat(lookup.countryCode("10.0.0.1")).isEmpty();
            assertThat(lookup.countryCode("not an address")).isEmpty();
        }
    }

    @Test
    void closedDatabaseGivesNoCountryInsteadOfFailing(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("country.mmdb");
        Files.write(file, new TinyMmdbWriter().insert("203.0.113.0/24", Map.of("country_code", "NL")).build());
        MaxMindCountryLookup lookup = MaxMindCountryLookup.open(file);
        lookup.close();

        assertThat(lookup.countryCode("203.0.113.9")).isEmpty();
    }

    @Test
    void missingDatabaseFileFailsAtOpen() {
        assertThatThrownBy(() -> MaxMindCountryLookup.open(Path.of("/nonexistent/country.mmdb")))
                .hasMessageContaining("cannot open the IP database /nonexistent/country.mmdb");
    }

    @Test
    void onlyIpLiteralsAreParsedAndHostNamesAreNeverResolved() {
        assertThat(IpLiterals.parse("203.0.113.9")).hasValueSatisfying(address -> assertThat(address.getHostAddress()).isEqualTo("203.0.113.9"));
        assertThat(IpLiterals.parse("2001:db8::1")).isPresent();
        assertThat(IpLiterals.parse("[2001:db8::1]")).isPresent();
        assertThat(IpLiterals.parse("::ffff:203.0.113.9")).isPresent();
        assertThat(IpLiterals.parse("localhost")).isEmpty();
        assertThat(IpLiterals.parse("example.com")).isEmpty();
        assertThat(IpLiterals.parse("256.1.1.1")).isEmpty();
        assertThat(IpLiterals.parse("1.2.3")).isEmpty();
        assertThat(IpLiterals.parse("1.2.3.4:8080")).isEmpty();
        assertThat(IpLiterals.parse("fe80::1%eth0")).isEmpty();
        assertThat(IpLiterals.parse(null)).isEmpty();
    }
}
