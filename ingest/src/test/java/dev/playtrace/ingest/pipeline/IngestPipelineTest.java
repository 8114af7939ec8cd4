package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.RejectReason;
import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.UserAgentParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.playtrace.ingest.pipeline.TestBeacons.batch;
import static dev.playtrace.ingest.pipeline.TestBeacons.context;
import static dev.playtrace.ingest.pipeline.TestBeacons.event;
import static dev.playtrace.ingest.pipeline.TestBeacons.with;
import static org.assertj.core.api.Assertions.assertThat;

class IngestPipelineTest {

    @Test
    void standardPipelineRunsItsNamedStepsInOrder() {
        assertThat(IngestPipeline.standard().stepNames()).containsExactly(
                "check_shape", "resolve_project", "read_identity", "correct_clock", "read_playhead", "check_fields", "enrich");
    }

    @Test
    void firstStepThatDropsAnEventDecidesItsRejectionAndLaterStepsDoNotRun() {
        List<String> ran = new ArrayList<>();
        IngestStep dropTests = IngestStep.of("drop_test_views", (event, batch) -> {
            ran.add("drop_test_views");
            return "test".equals(event.fields().get("video_id"))
                    ? StepResult.dropped(RejectReason.INVALID_VALUE, "video_id", "test views are not recorded")
                    : StepResult.CONTINUE;
        });
        IngestStep after = IngestStep.of("after", (event, batch) -> {
            ran.add("after");
            return StepResult.CONTINUE;
        });
        List<IngestStep> steps = new ArrayList<>(IngestPipeline.standard().steps());
        steps.add(dropTests);
        steps.add(after);
        BeaconIngestor ingestor = new BeaconIngestor(TestBeacons.twoProjects(),
                new BatchEnricher(UserAgentParser.none(), CountryLookup.none()), IngestCounters.NONE,
                dev.playtrace.ingest.decode.BeaconLimits.DEFAULT, new IngestPipeline(steps));

        BatchResult result = ingestor.ingest(batch()
                .add(with(event("viewstart", 1), "video_id", "test"))
                .add(with(event("viewstart", 2), "video_id", "real"))
                .body(), context());

        assertThat(result.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.index()).isZero();
            assertThat(rejection.field()).isEqualTo("video_id");
            assertThat(rejection.message()).isEqualTo("test views are not recorded");
        });
        assertThat(ran).containsExactly("drop_test_views", "drop_test_views", "after");
    }
}
