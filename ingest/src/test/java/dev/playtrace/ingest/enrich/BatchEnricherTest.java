package dev.playtrace.ingest.enrich;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BatchEnricherTest {
    private static final UserAgentInfo ANDROID_TABLET =
            new UserAgentInfo("Chrome", "120", "Android", "13", DeviceCategory.TABLET, "Samsung", "SM-X700");

    /** A hand-written fake of the IP database: a fixed table, and a record of what was asked. */
    private static final class FakeCountryLookup implements CountryLookup {
        final Map<String, String> countries = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<String> countryCode(String clientIp) {
            asked.add(clientIp);
            return Optional.ofNullable(countries.get(clientIp));
        }
    }

    private final FakeCountryLookup ipDatabase = new FakeCountryLookup();
    private final BatchEnricher enricher = new BatchEnricher(userAgent -> ANDROID_TABLET, ipDatabase);

    @Test
    void countryFromTheCdnHeaderBeatsTheIpDatabase() {
        ipDatabase.countries.put("198.51.100.7", "DE");

        Enrichment enrichment = enricher.enrich("ua", "198.51.100.7", "fr");

        assertThat(enrichment.countryCode()).isEqualTo("FR");
        assertThat(ipDatabase.asked).isEmpty();
    }

    @Test
    void unusableCdnHeaderFallsBackToTheIpDatabase() {
        ipDatabase.countries.put("198.51.100.7", "de");

        assertThat(enricher.enrich("ua", "198.51.100.7", "XX").countryCode()).isEqualTo("DE");
        assertThat(enricher.enrich("ua", "198.51.100.7", "T1").countryCode()).isEqualTo("DE");
        assertThat(enricher.enrich("ua", "198.51.100.7", "").countryCode()).isEqualTo("DE");
        assertThat(enricher.enrich("ua", "198.51.100.7", null).countryCode()).isEqualTo("DE");
    }

    @Test
    void noHeaderAndAnUnknownAddressGiveNoCountry() {
        assertThat(enricher.enrich("ua", "10.0.0.1", null).countryCode()).isNull();
        assertThat(enricher.enrich("ua", null, null).countryCode()).isNull();
    }

    @Test
    void aFailingIpDatabaseCostsOnlyTheCountry() {
        BatchEnricher failing = new BatchEnricher(userAgent -> ANDROID_TABLET, clientIp -> {
            throw new IllegalStateException("database closed");
        });

        Enrichment enrichment = failing.enrich("ua", "198.51.100.7", null);

        assertThat(enrichment.countryCode()).isNull();
        assertThat(enrichment.userAgent()).isEqualTo(ANDROID_TABLET);
    }

    @Test
    void userAgentValuesFillOnlyFieldsTheSdkDidNotSendWhileTheServersCountryReplacesTheSdks() {
        Enrichment enrichment = new Enrichment(ANDROID_TABLET, "FR");
        Map<String, Object> fromNativeSdk = new HashMap<>(Map.of(
                "viewer_device_model", "Galaxy Tab S9",
                "viewer_os_family", "Android TV",
                "viewer_device_category", "tv",
                "country_code", "US"));
        Map<String, Object> delta = new HashMap<>();

        enrichment.applyTo(fromNativeSdk);
        enrichment.applyTo(delta);

        assertThat(fromNativeSdk).isEqualTo(Map.of(
                "viewer_device_model", "Galaxy Tab S9",
                "viewer_os_family", "Android TV",
                "viewer_device_category", "tv",
                "country_code", "FR",
                "viewer_device_manufacturer", "Samsung",
                "viewer_os_version", "13",
                "viewer_application_name", "Chrome",
                "viewer_application_version", "120"));
        assertThat(delta).containsEntry("viewer_device_model", "SM-X700").containsEntry("viewer_device_category", "tablet");
    }

    @Test
    void unknownUserAgentStillSetsTheUnknownCategoryAndNothingElse() {
        Map<String, Object> fields = new HashMap<>();

        Enrichment.NONE.applyTo(fields);

        assertThat(fields).isEqualTo(Map.of("viewer_device_category", "unknown"));
    }

    @Test
    void countryCodesAreTwoLetters() {
        assertThat(CountryCodes.normalise(" gb ")).contains("GB");
        assertThat(CountryCodes.normalise("GBR")).isEmpty();
        assertThat(CountryCodes.normalise("ZZ")).isEmpty();
        assertThat(CountryCodes.normalise("É1")).isEmpty();
    }
}
