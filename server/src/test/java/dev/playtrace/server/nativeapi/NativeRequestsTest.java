package dev.playtrace.server.nativeapi;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.server.http.RequestParameters;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeRequestsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void twoEpochSecondsAreTheWindow() {
        TimeRange range = NativeRequests.timeframe(RequestParameters.parse("timeframe[]=1700000000&timeframe[]=1700086400"), CLOCK);

        assertThat(range).isEqualTo(new TimeRange(1_700_000_000_000L, 1_700_086_400_000L));
    }

    @Test
    void durationEndsNow() {
        TimeRange range = NativeRequests.timeframe(RequestParameters.parse("timeframe[]=7%3Adays"), CLOCK);

        assertThat(range.toMs()).isEqualTo(CLOCK.millis());
        assertThat(range.durationMs()).isEqualTo(7 * 86_400_000L);
    }

    @Test
    void badTimeframesAreClientErrorsNamingTheParameter() {
        assertThatThrownBy(() -> NativeRequests.timeframe(RequestParameters.parse("timeframe[]=yesterday"), CLOCK))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("timeframe[]");
        assertThatThrownBy(() -> NativeRequests.timeframe(RequestParameters.parse("timeframe[]=200&timeframe[]=100"), CLOCK))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("end after start");
        assertThatThrownBy(() -> NativeRequests.timeframe(RequestParameters.parse("timeframe[]=3:fortnights"), CLOCK))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("unit");
    }

    @Test
    void includesOnOneDimensionMergeAndExcludesStaySeparate() {
        RequestParameters parameters = RequestParameters.parse(
                "filters[]=country:US&filters[]=country:DE&filters[]=!browser:Safari&filters[]=video_title:Part%201:%20Intro");

        assertThat(NativeRequests.filters(parameters)).containsExactlyInAnyOrder(
                new Filter(Dimension.COUNTRY, java.util.List.of("US", "DE"), false),
                Filter.notEqualTo(Dimension.BROWSER, "Safari"),
                Filter.equalTo(Dimension.VIDEO_TITLE, "Part 1: Intro"));
    }

    @Test
    void unknownDimensionAndBadFilterSyntaxAreClientErrors() {
        assertThatThrownBy(() -> NativeRequests.filters(RequestParameters.parse("filters[]=planet:Mars")))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("unknown dimension 'planet'");
        assertThatThrownBy(() -> NativeRequests.filters(RequestParameters.parse("filters[]=countryUS")))
                .isInstanceOf(PlaytraceException.class).hasMessageContaining("dimension:value");
    }

    @Test
    void muxAliasesOfDimensionsAreAccepted() {
        assertThat(NativeRequests.filters(RequestParameters.parse("filters[]=viewer_device_category:tv")))
                .containsExactly(Filter.equalTo(Dimension.DEVICE_CATEGORY, "tv"));
    }
}
