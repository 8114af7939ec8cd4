package dev.playtrace.server.facade.smartsight;

import dev.playtrace.model.Dimension;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.model.TimeRange;
import dev.playtrace.query.Filter;
import dev.playtrace.query.Granularity;
import dev.playtrace.server.http.RequestParameters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of SmartSight query strings into the fields, grouping, filters, order and page of a request. */
class SmartSightRequestTest {
    private static SmartSightRequest parse(String query) {
        return SmartSightRequest.parse(RequestParameters.parse(query));
    }

    @Test
    void rawAndEncodedPeriodsAreTheSameWindowAndReversedOnesAreSwapped() {
        TimeRange raw = parse("period=start=1729666800,end=1730271600&metrics=viewercount").range();
        TimeRange encoded = parse("period=start%3D1729666800%2Cend%3D1730271600&metrics=viewercount").range();
        TimeRange reversed = parse("period=start=1730271600,end=1729666800&metrics=viewercount").range();

        assertThat(raw).isEqualTo(new TimeRange(1_729_666_800_000L, 1_730_271_600_000L));
        assertThat(encoded).isEqualTo(raw);
        assertThat(reversed).isEqualTo(raw);
    }

    @Test
    void companionsFollowTheRequestedKeysInSeedOrder() {
        SmartSightRequest request = parse("period=start=1,end=2&metrics=qualityofexperience,bufferingratio,latency,failurerate,playdur,cdn"
                + "&dimension=cdn&aggby=cdn&filter=");

        assertThat(request.fields().stream().map(SmartSightRequest.Field::key).toList()).containsExactly(
                "qualityofexperience", "bufferingratio", "latency", "failurerate", "playdur", "cdn", "viewercount", "attempts");
        assertThat(request.groupBy()).isEqualTo(Dimension.CDN);
        assertThat(request.filters()).isEmpty();
    }

    @Test
    void bothFilterSyntaxes() {
        List<Filter> legacy = parse("period=start=1,end=2&metrics=attempts&filter=subscriberid=abc").filters();
        List<Filter> bracketed = parse("period=start=1,end=2&metrics=attempts&filter=[country=US|Canada][platform=Android][streamtype!=vod]").filters();

        assertThat(legacy).containsExactly(Filter.equalTo(Dimension.VIEWER_USER_ID, "abc"));
        assertThat(bracketed).containsExactly(
                new Filter(Dimension.COUNTRY, List.of("US", "Canada"), false),
                Filter.equalTo(Dimension.OPERATING_SYSTEM, "Android"),
                Filter.notEqualTo(Dimension.STREAM_TYPE, "on-demand"));
    }

    @Test
    void timestampAggregationTakesTheSmartSightGranularities() {
        SmartSightRequest request = parse("period=start=1,end=2&metrics=attempts&aggby=timestamp&granularity=5minute");

        assertThat(request.timeseries()).isTrue();
        assertThat(request.granularity()).isEqualTo(Granularity.FIVE_MINUTES);
        assertThat(parse("period=start=1,end=2&metrics=attempts&aggby=timestamp&granularity=auto").granularity()).isNull();
    }

    @Test
    void pagingTakesLimitOrGenerationOnesCount() {
        assertThat(parse("period=start=1,end=2&metrics=attempts&limit=10&offset=20").limit()).isEqualTo(10);
        assertThat(parse("period=start=1,end=2&metrics=attempts&limit=10&offset=20").offset()).isEqualTo(20);
        assertThat(parse("period=start=1,end=2&metrics=attempts&offset=1&count=1").limit()).isEqualTo(1);
        // the documented default page size (vendor_apis.md)
        assertThat(parse("period=start=1,end=2&metrics=attempts").limit()).isEqualTo(1000);
    }

    @Test
    void mistakesAreUserErrors() {
        assertThatThrownBy(() -> parse("metrics=attempts")).isInstanceOf(PlaytraceException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> parse("period=start=1&metrics=attempts")).hasMessageContaining("end");
        assertThatThrownBy(() -> parse("period=start=1,end=2")).hasMessageContaining("metrics");
        assertThatThrownBy(() -> parse("period=start=1,end=2&metrics=cdn&aggby=cdn")).hasMessageContaining("at least one metric");
        assertThatThrownBy(() -> parse("period=start=1,end=2&metrics=attempts,browser&aggby=cdn")).hasMessageContaining("browser");
        assertThatThrownBy(() -> parse("period=start=1,end=2&metrics=attempts&orderby=latency")).hasMessageContaining("orderby");
        assertThatThrownBy(() -> parse("period=start=1,end=2&metrics=attempts&granularity=hour")).hasMessageContaining("aggby=timestamp");
        assertThatThrownBy(() -> parse("period=start=1,end=2&metrics=attempts&filter=[nosuch=1]")).hasMessageContaining("nosuch");
        assertThatThrownBy(() -> parse("period=start=1,end=2&metrics=attempts&qoefilter=latency>3")).hasMessageContaining("qoefilter");
        assertThatThrownBy(() -> parse("period=start=1,end=2&metrics=attempts&limit=0")).hasMessageContaining("limit");
    }
}
