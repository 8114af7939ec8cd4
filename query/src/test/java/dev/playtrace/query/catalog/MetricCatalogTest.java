package dev.playtrace.query.catalog;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.catalog.MetricExpression.Concurrency;
import dev.playtrace.query.sql.ClickHouseDialect;
import dev.playtrace.query.sql.DuckDbDialect;
import dev.playtrace.query.sql.MetricSqlRenderer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricCatalogTest {
    private final MetricCatalog catalog = MetricCatalog.standard();

    @Test
    void listsEveryMetricOfTheSpecInCatalogueOrder() {
        assertThat(catalog.definitions()).extracting(MetricDefinition::id).containsExactly(
                "views", "plays", "unique_viewers", "ended_plays", "exits_before_video_start",
                "video_startup_failure_percentage", "playback_failure_percentage",
                "video_playback_failure_percentage", "video_startup_business_exception_percentage",
                "playback_business_exception_percentage", "view_dropped_percentage", "fatal_errors",
                "video_startup_time", "rebuffer_percentage", "rebuffer_frequency", "rebuffer_count",
                "rebuffer_duration", "cirr", "vrt_buffering_ratio", "buffering_ratio", "playing_time",
                "play_duration", "watch_time", "weighted_average_bitrate", "upscale_percentage",
                "max_upscale_percentage", "concurrent_viewers", "startup_time_score", "smoothness_score",
                "video_quality_score", "playback_success_score", "viewer_experience_score");
    }

    @Test
    void muxIdsResolveToTheMetricThatMeansTheSame() {
        assertThat(catalog.require("rebuffer_score").id()).isEqualTo("smoothness_score");
        assertThat(catalog.require("started_views").id()).isEqualTo("plays");
        assertThat(catalog.require(" Video_Startup_Time ").id()).isEqualTo("video_startup_time");
    }

    @Test
    void unknownMetricIsAUserErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> catalog.require("startup_tme"))
                .isInstanceOfSatisfying(PlaytraceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_METRIC))
                .hasMessageContaining("unknown metric 'startup_tme'")
                .hasMessageContaining("video_startup_time");
    }

    @Test
    void unsupportedMeasurementIsAUserErrorListingTheAllowedOnes() {
        assertThatThrownBy(() -> catalog.require("rebuffer_percentage").resolveMeasurement(Measurement.MEDIAN))
                .isInstanceOfSatisfying(PlaytraceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEASUREMENT))
                .hasMessage("metric 'rebuffer_percentage' does not support measurement 'median'; allowed: avg");
        assertThatThrownBy(() -> catalog.require("weighted_average_bitrate").resolveMeasurement(Measurement.SUM))
                .hasMessageEndingWith("allowed: median, avg");
    }

    @Test
    void defaultMeasurementsFollowTheSpec() {
        assertThat(catalog.require("video_startup_time").resolveMeasurement(null)).isEqualTo(Measurement.MEDIAN);
        assertThat(catalog.require("rebuffer_count").measurements())
                .containsExactlyInAnyOrder(Measurement.MEDIAN, Measurement.AVG, Measurement.P95, Measurement.SUM);
        assertThat(catalog.require("weighted_average_bitrate").measurements())
                .containsExactlyInAnyOrder(Measurement.MEDIAN, Measurement.AVG);
        assertThat(catalog.require("playing_time").resolveMeasurement(null)).isEqualTo(Measurement.SUM);
        assertThat(catalog.require("views").resolveMeasurement(null)).isEqualTo(Measurement.COUNT);
        assertThat(catalog.require("concurrent_viewers").measurements())
                .containsExactlyInAnyOrder(Measurement.AVG, Measurement.MAX);
    }

    @Test
    void everyAllowedMeasurementOfEveryMetricRendersInBothDialects() {
        for (MetricDefinition metric : catalog.definitions()) {
            if (metric.expression() instanceof Concurrency) {
                continue;
            }
            for (Measurement measurement : metric.measurements()) {
                assertThat(new MetricSqlRenderer(DuckDbDialect.INSTANCE).render(metric.expression(), measurement))
                        .isNotBlank();
                assertThat(new MetricSqlRenderer(ClickHouseDialect.INSTANCE).render(metric.expression(), measurement))
                        .isNotBlank();
            }
        }
    }
}
