package dev.playtrace.server.facade.ncp;

import dev.playtrace.model.Dimension;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.server.http.RequestParameters;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VpeRequestsTest {
    private static final long NOW_MS = Instant.parse("2025-10-10T08:30:00Z").toEpochMilli();

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static VpeRequests.Window window(String query) {
        return VpeRequests.window(RequestParameters.parse(query), NOW_MS);
    }

    @Test
    void datesAreInclusiveWholeDays() {
        VpeRequests.Window window = window("startDate=2025-10-01&endDate=2025-10-10");

        assertThat(window.range().fromMs()).isEqualTo(ms("2025-10-01T00:00:00Z"));
        assertThat(window.range().toMs()).isEqualTo(ms("2025-10-11T00:00:00Z"));
        assertThat(window.granularity()).isEqualTo(Granularity.DAY);
        assertThat(window.suffix()).isEqualTo("(1d)");
    }

    @Test
    void oneDayGivesFiveMinuteBuckets() {
        assertThat(window("startDate=2025-10-01&endDate=2025-10-01").granularity()).isEqualTo(Granularity.FIVE_MINUTES);
        assertThat(window("startDate=2025-10-01%2000:00:00&endDate=2025-10-02%2000:00:00").granularity())
                .isEqualTo(Granularity.FIVE_MINUTES);
        assertThat(window("startDate=2025-10-01%2000:00:00&endDate=2025-10-02%2000:00:01").granularity())
                .isEqualTo(Granularity.DAY);
        assertThat(window("startDate=2025-10-01&endDate=2025-10-02").suffix()).isEqualTo("(1d)");
    }

    @Test
    void acceptsSpaceIsoAndOffsetForms() {
        long expected = ms("2025-10-01T03:04:05Z");
        assertThat(VpeRequests.parse("2025-10-01 03:04:05", "startDate", false)).isEqualTo(expected);
        assertThat(VpeRequests.parse("2025-10-01T03:04:05", "startDate", false)).isEqualTo(expected);
        assertThat(VpeRequests.parse("2025-10-01T03:04:05Z", "startDate", false)).isEqualTo(expected);
        assertThat(VpeRequests.parse("2025-10-01T03:04:05.000Z", "startDate", false)).isEqualTo(expected);
        assertThat(VpeRequests.parse("2025-10-01T12:04:05+09:00", "startDate", false)).isEqualTo(expected);
        // an unencoded '+' arrives as a blank
        assertThat(VpeRequests.parse("2025-10-01T12:04:05 09:00", "startDate", false)).isEqualTo(expected);
    }

    @Test
    void omittedDatesMeanMonthToDate() {
        VpeRequests.Window window = window("");

        assertThat(window.range().fromMs()).isEqualTo(ms("2025-10-01T00:00:00Z"));
        assertThat(window.range().toMs()).isEqualTo(NOW_MS + 1);
        assertThat(window.granularity()).isEqualTo(Granularity.DAY);
    }

    @Test
    void badDatesAreVendorErrors() {
        for (String query : List.of("startDate=yesterday", "endDate=2025-13-01", "startDate=2025-10-05&endDate=2025-10-01",
                "startDate=2025-10-01%2025:00:00", "startDate=1970-01-01&endDate=2025-10-01",
                "startDate=2025-10-01&endDate=%2B10000-01-01T00:00:00")) {
            assertThatThrownBy(() -> window(query)).as(query).isInstanceOfSatisfying(NcpError.class, error -> {
                assertThat(error.status()).isEqualTo(400);
                assertThat(error.body().path("error").path("errorCode").asText()).isEqualTo("400");
            });
        }
    }

    @Test
    void deviceAndVideoTypeBecomeFilters() {
        assertThat(VpeRequests.filters(RequestParameters.parse("device=PC,Mobile&videoType=VOD,LIVE"))).isEmpty();
        assertThat(VpeRequests.filters(RequestParameters.parse(""))).isEmpty();
        assertThat(VpeRequests.filters(RequestParameters.parse("device=Mobile&videoType=LIVE"))).containsExactly(
                new Filter(Dimension.DEVICE_CATEGORY, List.of("phone", "tablet", "wearable"), false),
                new Filter(Dimension.STREAM_TYPE, List.of("live"), false));
        assertThat(VpeRequests.filters(RequestParameters.parse("device=PC&videoType=VOD"))).containsExactly(
                new Filter(Dimension.DEVICE_CATEGORY, List.of("phone", "tablet", "wearable"), true),
                new Filter(Dimension.STREAM_TYPE, List.of("live"), true));
        assertThatThrownBy(() -> VpeRequests.filters(RequestParameters.parse("device=TV"))).isInstanceOf(NcpError.class);
        assertThatThrownBy(() -> VpeRequests.filters(RequestParameters.parse("videoType=CLIP"))).isInstanceOf(NcpError.class);
    }
}
