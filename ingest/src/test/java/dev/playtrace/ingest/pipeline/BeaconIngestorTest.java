package dev.playtrace.ingest.pipeline;

import dev.playtrace.ingest.decode.BatchFailureKind;
import dev.playtrace.ingest.decode.BeaconLimits;
import dev.playtrace.ingest.decode.RejectReason;
import dev.playtrace.ingest.enrich.BatchEnricher;
import dev.playtrace.ingest.enrich.CountryLookup;
import dev.playtrace.ingest.enrich.DeviceCategory;
import dev.playtrace.ingest.enrich.UserAgentInfo;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.playtrace.ingest.pipeline.TestBeacons.KEY_A;
import static dev.playtrace.ingest.pipeline.TestBeacons.KEY_B;
import static dev.playtrace.ingest.pipeline.TestBeacons.PROJECT_A;
import static dev.playtrace.ingest.pipeline.TestBeacons.PROJECT_B;
import static dev.playtrace.ingest.pipeline.TestBeacons.RECEIVED_AT_MS;
import static dev.playtrace.ingest.pipeline.TestBeacons.batch;
import static dev.playtrace.ingest.pipeline.TestBeacons.context;
import static dev.playtrace.ingest.pipeline.TestBeacons.event;
import static dev.playtrace.ingest.pipeline.TestBeacons.with;
import static dev.playtrace.ingest.pipeline.TestBeacons.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class BeaconIngestorTest {
    private static final long HOUR_MS = 3_600_000L;

    private final InMemoryIngestCounters counters = new InMemoryIngestCounters();
    private final BeaconIngestor ingestor = new BeaconIngestor(TestBeacons.twoProjects(),
            new BatchEnricher(userAgent -> UserAgentInfo.UNKNOWN, CountryLookup.none()), counters);

    private BatchResult ingest(TestBeacons beacons) {
        return ingestor.ingest(beacons.body(), context());
    }

    private BatchResult ingest(String json) {
        return ingestor.ingest(json.getBytes(StandardCharsets.UTF_8), context());
    }

    @Test
    void validBatchIsAcceptedWithCoreFieldsReadAndTheRestKeptInFields() {
        BatchResult result = ingest(batch()
                .add(with(with(event("viewstart", 1), "video_id", "vid-1"), "video_title", "Intro"))
                .add(with(event("play", 2), "player_playhead_time", 1250.7)));

        assertThat(result.failure()).isEmpty();
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejected()).isZero();
        PlayerEvent viewStart = result.events().get(0);
        assertThat(viewStart.projectId()).isEqualTo(PROJECT_A);
        assertThat(viewStart.viewId()).isEqualTo("view-1");
        assertThat(viewStart.sequenceNumber()).isEqualTo(1);
        assertThat(viewStart.name()).isEqualTo(EventName.VIEWSTART);
        assertThat(viewStart.viewerTimeMs()).isEqualTo(RECEIVED_AT_MS - 999);
        assertThat(viewStart.eventTimeMs()).isEqualTo(RECEIVED_AT_MS - 999);
        assertThat(viewStart.receivedAtMs()).isEqualTo(RECEIVED_AT_MS);
        assertThat(viewStart.playheadMs()).isZero();
        assertThat(viewStart.fields()).containsEntry("video_id", "vid-1").containsEntry("video_title", "Intro")
                .doesNotContainKeys("event", "view_id", "view_sequence_number", "viewer_time", "player_playhead_time", "env_key");
        assertThat(result.events().get(1).playheadMs()).isEqualTo(1250L);
    }

    @Test
    void eachBadEventIsRejectedNamingItsFieldWhileTheValidOnesOfTheBatchAreAccepted() {
        BatchResult result = ingest(batch()
                .add(event("viewstart", 1))                                          // 0 ok
                .add(without(event("play", 2), "event"))                             // 1
                .add(with(event("play", 3), "event", 7))                             // 2
                .add(with(event("play", 4), "event", "jump"))                        // 3
                .add(with(event("play", 5), "event", "viewdropped"))                 // 4
                .add(without(event("play", 6), "view_id"))                           // 5
                .add(with(event("play", 7), "view_id", ""))                          // 6
                .add(with(event("play", 8), "view_id", "v".repeat(129)))             // 7
                .add(with(event("play", 9), "view_sequence_number", -1))             // 8
                .add(with(event("play", 10), "view_sequence_number", "10"))          // 9
                .add(with(event("play", 11), "view_sequence_number", 1.5))           // 10
                .add(without(event("play", 12), "viewer_time"))                      // 11
                .add(with(event("play", 13), "viewer_time", "1795390039013"))        // 12
                .add(with(event("play", 14), "player_playhead_time", -5))            // 13
                .add(with(event("play", 15), "player_playhead_time", "0"))           // 14
                .add(with(event("play", 16), "player_width", "640"))                 // 15
                .add(with(event("play", 17), "video_source_bitrate", -1))            // 16
                .add(with(event("error", 18), "player_error_business_exception", "true")) // 17
                .add(with(event("error", 19), "player_error_severity", "critical"))  // 18
                .add(with(event("play", 20), "video_stream_type", "dvr"))            // 19
                .add(with(event("play", 21), "video_title", "t".repeat(1025)))       // 20
                .add(with(event("play", 22), "custom_1", Map.of("a", 1)))            // 21
                .add(with(event("play", 23), "my_tags", List.of("a", "b")))          // 22
                .add(with(event("play", 24), "video_title", true))                   // 23
                .add("not an event")                                                 // 24
                .add(with(event("play", 25), "viewer_device_category", "fridge"))    // 25
                .add(with(event("play", 26), "country_code", "France"))              // 26
                .add(event("playing", 27)));                                         // 27 ok

        assertThat(result.failure()).isEmpty();
        assertThat(result.events()).extracting(PlayerEvent::sequenceNumber).containsExactly(1L, 27L);
        assertThat(result.rejected()).isEqualTo(26);
        assertThat(result.rejections()).extracting(EventRejection::index, EventRejection::field, EventRejection::reason)
                .containsExactly(
                        tuple(1, "event", RejectReason.MISSING_FIELD),
                        tuple(2, "event", RejectReason.WRONG_TYPE),
                        tuple(3, "event", RejectReason.UNKNOWN_EVENT),
                        tuple(4, "event", RejectReason.UNKNOWN_EVENT),
                        tuple(5, "view_id", RejectReason.MISSING_FIELD),
                        tuple(6, "view_id", RejectReason.INVALID_VALUE),
                        tuple(7, "view_id", RejectReason.TOO_LONG),
                        tuple(8, "view_sequence_number", RejectReason.INVALID_VALUE),
                        tuple(9, "view_sequence_number", RejectReason.WRONG_TYPE),
                        tuple(10, "view_sequence_number", RejectReason.INVALID_VALUE),
                        tuple(11, "viewer_time", RejectReason.MISSING_FIELD),
                        tuple(12, "viewer_time", RejectReason.WRONG_TYPE),
                        tuple(13, "player_playhead_time", RejectReason.INVALID_VALUE),
                        tuple(14, "player_playhead_time", RejectReason.WRONG_TYPE),
                        tuple(15, "player_width", RejectReason.WRONG_TYPE),
                        tuple(16, "video_source_bitrate", RejectReason.INVALID_VALUE),
                        tuple(17, "player_error_business_exception", RejectReason.WRONG_TYPE),
                        tuple(18, "player_error_severity", RejectReason.INVALID_VALUE),
                        tuple(19, "video_stream_type", RejectReason.INVALID_VALUE),
                        tuple(20, "video_title", RejectReason.TOO_LONG),
                        tuple(21, "custom_1", RejectReason.NESTED_VALUE),
                        tuple(22, "my_tags", RejectReason.NESTED_VALUE),
                        tuple(23, "video_title", RejectReason.WRONG_TYPE),
                        tuple(24, null, RejectReason.NOT_AN_OBJECT),
                        tuple(25, "viewer_device_category", RejectReason.INVALID_VALUE),
                        tuple(26, "country_code", RejectReason.INVALID_VALUE));
        assertThat(result.rejections().get(2).message()).isEqualTo("event \"jump\" is not a known event name");
        assertThat(result.rejections().get(3).message()).isEqualTo("event \"viewdropped\" is sent only by the server");
        assertThat(result.rejections().get(11).message()).isEqualTo("viewer_time must be a number of milliseconds, got a string");
        assertThat(result.rejections().get(19).message()).isEqualTo("video_title is 1025 characters long, at most 1024 are accepted");
        assertThat(result.rejections().get(20).message()).isEqualTo("custom_1 must be a string, got an object");
        assertThat(result.rejections().get(23).message()).isEqualTo("event is a string, expected an object");
    }

    @Test
    void batchWhereEveryEventIsInvalidAcceptsNothingAndListsTheErrors() {
        BatchResult result = ingest(batch().add(without(event("play", 1), "view_id")));

        assertThat(result.failure()).isEmpty();
        assertThat(result.accepted()).isZero();
        assertThat(result.rejected()).isOne();
        assertThat(result.rejections()).extracting(EventRejection::index, EventRejection::field, EventRejection::message)
                .containsExactly(tuple(0, "view_id", "view_id is required"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void knownFieldsAreNormalised() {
        BatchResult result = ingest(batch().add(with(with(with(with(with(with(with(event("error", 1),
                "video_stream_type", "VOD"),
                "player_error_severity", "Warning"),
                "player_error_code", 4),
                "player_width", 640.0),
                "video_source_bitrate", 2_500_000.5),
                "video_id", 12345),
                "viewer_device_category", "TV")));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.events().getFirst().fields())
                .containsEntry("video_stream_type", "on-demand")
                .containsEntry("player_error_severity", "warning")
                .containsEntry("player_error_code", "4")
                .containsEntry("player_width", 640L)
                .containsEntry("video_source_bitrate", 2_500_000.5)
                .containsEntry("video_id", "12345")
                .containsEntry("viewer_device_category", "tv");
    }

    @Test
    void liveStreamTypeInAnyCaseIsLive() {
        BatchResult result = ingest(batch().add(with(event("viewstart", 1), "video_stream_type", " LIVE ")));

        assertThat(result.events().getFirst().fields()).containsEntry("video_stream_type", "live");
    }

    @Test
    void unknownFieldsAreKeptAndListedOnceInTheWarnings() {
        BatchResult result = ingest(batch()
                .add(with(with(event("viewstart", 1), "player_remote_played", true), "x_experiment_arm", "b"))
                .add(with(event("play", 2), "x_experiment_arm", "b")));

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.events().getFirst().fields())
                .containsEntry("player_remote_played", true)
                .containsEntry("x_experiment_arm", "b");
        assertThat(result.warnings()).containsExactly(
                "unknown field \"player_remote_played\" kept as sent",
                "unknown field \"x_experiment_arm\" kept as sent");
    }

    @Test
    void jsonNullMeansTheFieldIsAbsent() {
        BatchResult result = ingest(batch()
                .add(with(with(event("play", 1), "video_title", null), "player_playhead_time", null)));

        assertThat(result.accepted()).isOne();
        assertThat(result.events().getFirst().fields()).doesNotContainKey("video_title");
        assertThat(result.events().getFirst().playheadMs()).isNull();
    }

    @Test
    void deviceClockOneHourBehindIsCorrectedByTheBeaconsSendTime() {
        long deviceLagMs = HOUR_MS;
        BatchResult result = ingest(batch()
                .metadata("transmission_timestamp", RECEIVED_AT_MS - deviceLagMs)
                .add(with(event("play", 1), "viewer_time", RECEIVED_AT_MS - deviceLagMs - 4000)));

        PlayerEvent play = result.events().getFirst();
        assertThat(play.viewerTimeMs()).isEqualTo(RECEIVED_AT_MS - deviceLagMs - 4000);
        assertThat(play.eventTimeMs()).isEqualTo(RECEIVED_AT_MS - 4000);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void deviceClockOneHourAheadWithoutSendTimeIsNotCorrectedAndTheEventIsRejectedAsInTheFuture() {
        BatchResult result = ingest(batch()
                .metadata("transmission_timestamp", null)
                .add(with(event("play", 1), "viewer_time", RECEIVED_AT_MS + HOUR_MS)));

        assertThat(result.accepted()).isZero();
        assertThat(result.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.field()).isEqualTo("viewer_time");
            assertThat(rejection.reason()).isEqualTo(RejectReason.TIME_IN_FUTURE);
            assertThat(rejection.message()).isEqualTo("viewer_time puts the event 1 h after the beacon was received;"
                    + " events more than 5 min in the future are rejected");
        });
        assertThat(result.warnings()).containsExactly(
                "metadata.transmission_timestamp is absent: event times are not corrected for the device clock");
    }

    @Test
    void sendTimeThatIsNotANumberIsIgnoredWithAWarning() {
        BatchResult result = ingest(batch()
                .metadata("transmission_timestamp", "soon")
                .add(event("play", 1)));

        assertThat(result.accepted()).isOne();
        assertThat(result.events().getFirst().eventTimeMs()).isEqualTo(result.events().getFirst().viewerTimeMs());
        assertThat(result.warnings()).containsExactly("metadata.transmission_timestamp is a string, expected a number (ms):"
                + " event times are not corrected for the device clock");
    }

    @Test
    void eventTimesAreAcceptedUpTo5MinutesAheadAnd7DaysBehindReceipt() {
        long fiveMinutes = 5 * 60_000L;
        long sevenDays = 7 * 24 * HOUR_MS;
        BatchResult result = ingest(batch()
                .add(with(event("play", 1), "viewer_time", RECEIVED_AT_MS + fiveMinutes))
                .add(with(event("play", 2), "viewer_time", RECEIVED_AT_MS + fiveMinutes + 1))
                .add(with(event("play", 3), "viewer_time", RECEIVED_AT_MS - sevenDays))
                .add(with(event("play", 4), "viewer_time", RECEIVED_AT_MS - sevenDays - 1))
                .add(with(event("play", 5), "viewer_time", RECEIVED_AT_MS - 3 * 24 * HOUR_MS)));

        assertThat(result.events()).extracting(PlayerEvent::sequenceNumber).containsExactly(1L, 3L, 5L);
        assertThat(result.rejections()).extracting(EventRejection::index, EventRejection::field, EventRejection::reason)
                .containsExactly(
                        tuple(1, "viewer_time", RejectReason.TIME_IN_FUTURE),
                        tuple(3, "viewer_time", RejectReason.TIME_TOO_OLD));
        assertThat(result.rejections().get(1).message()).isEqualTo(
                "viewer_time puts the event 7 d before the beacon was received; events older than 7 d are rejected");
    }

    @Test
    void batchWithOnlyUnknownKeysFailsAsUnknownIngestKeyWithoutEventDetails() {
        BatchResult result = ingest(batch()
                .metadata("env_key", "pk_nobody")
                .add(event("viewstart", 1))
                .add(with(event("play", 2), "env_key", "pk_other")));

        assertThat(result.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(BatchFailureKind.UNKNOWN_INGEST_KEY));
        assertThat(result.events()).isEmpty();
        assertThat(result.rejected()).isEqualTo(2);
        assertThat(result.rejections()).isEmpty();
        assertThat(result.failure().orElseThrow().message())
                .isEqualTo("no event carries the ingest key of a project (env_key, on the event or in metadata)");
        assertThat(counters.failedBatches(BatchFailureKind.UNKNOWN_INGEST_KEY)).isOne();
        assertThat(counters.rejectedEvents(RejectReason.UNKNOWN_INGEST_KEY)).isEqualTo(2);
    }

    @Test
    void batchWithNoKeyAtAllFailsAsUnknownIngestKey() {
        BatchResult result = ingest(batch().metadata("env_key", null).add(event("play", 1)));

        assertThat(result.failure()).hasValueSatisfying(failure ->
                assertThat(failure.kind()).isEqualTo(BatchFailureKind.UNKNOWN_INGEST_KEY));
    }

    @Test
    void eventWithAnUnknownKeyInABatchWithAKnownOneIsRejectedOnEnvKey() {
        BatchResult result = ingest(batch()
                .add(event("viewstart", 1))
                .add(with(event("play", 2), "env_key", "pk_stolen_guess")));

        assertThat(result.accepted()).isOne();
        assertThat(result.rejections()).extracting(EventRejection::index, EventRejection::field, EventRejection::message)
                .containsExactly(tuple(1, "env_key", "env_key is not the ingest key of any project"));
    }

    @Test
    void eachEventIsWrittenToTheProjectOfItsOwnKeyAndNeverToOneNamedInTheBody() {
        BatchResult result = ingest(batch()
                .metadata("env_key", KEY_B)
                .add(with(with(event("viewstart", 1), "project_id", PROJECT_A), "env_key", KEY_B))
                .add(with(event("play", 2), "env_key", KEY_A))
                .add(event("pause", 3)));

        assertThat(result.events()).extracting(PlayerEvent::sequenceNumber, PlayerEvent::projectId)
                .containsExactly(tuple(1L, PROJECT_B), tuple(2L, PROJECT_A), tuple(3L, PROJECT_B));
        // a body field named like a project id is only an unknown field, kept as sent
        assertThat(result.events().getFirst().fields()).containsEntry("project_id", PROJECT_A);
    }

    @Test
    void eachDistinctKeyIsResolvedOncePerBatch() {
        List<String> lookups = new ArrayList<>();
        BeaconIngestor counting = new BeaconIngestor(key -> {
            lookups.add(key);
            return TestBeacons.twoProjects().projectIdFor(key);
        }, new BatchEnricher(userAgent -> UserAgentInfo.UNKNOWN, CountryLookup.none()), IngestCounters.NONE);
        TestBeacons beacons = batch();
        for (int i = 0; i < 50; i++) {
            beacons.add(event("hb", i));
        }

        counting.ingest(beacons.body(), context());

        assertThat(lookups).containsExactly(KEY_A);
    }

    @Test
    void eventsBeyondTheBatchLimitAreRejectedTogetherAndTheFirstOnesKept() {
        BeaconIngestor small = new BeaconIngestor(TestBeacons.twoProjects(),
                new BatchEnricher(userAgent -> UserAgentInfo.UNKNOWN, CountryLookup.none()), counters,
                BeaconLimits.DEFAULT.withMaxEventsPerBatch(3), IngestPipeline.standard());
        TestBeacons beacons = batch();
        for (int i = 0; i < 5; i++) {
            beacons.add(event("hb", i));
        }

        BatchResult result = small.ingest(beacons.body(), context());

        assertThat(result.events()).extracting(PlayerEvent::sequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(result.rejected()).isEqualTo(2);
        assertThat(result.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.index()).isEqualTo(3);
            assertThat(rejection.field()).isNull();
            assertThat(rejection.reason()).isEqualTo(RejectReason.OVER_BATCH_LIMIT);
            assertThat(rejection.message()).isEqualTo("the batch has 5 events and at most 3 are read: events 3 to 4 were"
                    + " not read; send them in another batch");
        });
        assertThat(counters.rejectedEvents(RejectReason.OVER_BATCH_LIMIT)).isEqualTo(2);
    }

    @Test
    void defaultLimitKeepsTheFirst1000Events() {
        TestBeacons beacons = batch();
        for (int i = 0; i < 1001; i++) {
            beacons.add(event("hb", i));
        }

        BatchResult result = ingest(beacons);

        assertThat(result.accepted()).isEqualTo(1000);
        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.rejections()).extracting(EventRejection::index).containsExactly(1000);
    }

    @Test
    void wholeBatchFailuresHaveTheirKindStatusAndMessage() {
        assertFailure(ingest("{\"events\": [ {\"event\": "), BatchFailureKind.MALFORMED_JSON);
        assertFailure(ingest(""), BatchFailureKind.MALFORMED_JSON);
        assertFailure(ingest("{\"events\": []} trailing"), BatchFailureKind.MALFORMED_JSON);
        assertFailure(ingest("[{\"event\": \"play\"}]"), BatchFailureKind.NOT_A_BATCH);
        assertFailure(ingest("{\"metadata\": {}}"), BatchFailureKind.NOT_A_BATCH);
        assertFailure(ingest("{\"events\": {\"event\": \"play\"}}"), BatchFailureKind.NOT_A_BATCH);
        assertFailure(ingest("{\"events\": []}"), BatchFailureKind.EMPTY);
        assertThat(counters.failedByCode()).containsEntry("malformed_json", 3L).containsEntry("not_a_batch", 3L)
                .containsEntry("empty_batch", 1L).containsEntry("unknown_ingest_key", 0L);
        assertThat(counters.batches()).isEqualTo(7);
    }

    private static void assertFailure(BatchResult result, BatchFailureKind kind) {
        assertThat(result.failure()).hasValueSatisfying(failure -> assertThat(failure.kind()).isEqualTo(kind));
        assertThat(result.accepted()).isZero();
    }

    @Test
    void malformedJsonMessageSaysWhere() {
        BatchResult result = ingest("{\"events\": [ {\"event\" \"play\"} ]}");

        assertThat(result.failure().orElseThrow().message())
                .startsWith("body is not valid JSON: ")
                .endsWith("(line 1, column 23)");
    }

    @Test
    void countersCountAcceptedAndRejectedEventsByReason() {
        ingest(batch()
                .add(event("viewstart", 1))
                .add(without(event("play", 2), "view_id"))
                .add(without(event("play", 3), "view_id"))
                .add(with(event("play", 4), "player_width", "wide")));

        assertThat(counters.acceptedEvents()).isOne();
        assertThat(counters.rejectedEvents(RejectReason.MISSING_FIELD)).isEqualTo(2);
        assertThat(counters.rejectedEvents(RejectReason.WRONG_TYPE)).isOne();
        assertThat(counters.rejectedByLabel()).containsEntry("missing_field", 2L).containsEntry("nested_value", 0L);
    }

    @Test
    void aPartialSuccessListsErrorsAndWarnings() {
        BatchResult result = ingest(batch()
                .metadata("rtt_ms", 70)
                .add(with(event("viewstart", 1), "page_genre", "news"))
                .add(with(event("play", 2), "player_height", -1)));

        assertThat(result.accepted()).isOne();
        assertThat(result.rejected()).isOne();
        assertThat(result.rejections()).extracting(EventRejection::index, EventRejection::field, EventRejection::message)
                .containsExactly(tuple(1, "player_height", "player_height must be ≥ 0, got -1"));
        assertThat(result.warnings()).containsExactly("unknown field \"page_genre\" kept as sent");
    }

    @Test
    void enrichmentIsAddedToEveryAcceptedEventAndTheSdksDeviceModelWins() {
        UserAgentInfo iPhone = new UserAgentInfo("Safari", "17", "iOS", "17.1.2", DeviceCategory.PHONE, "Apple", "iPhone");
        List<String> parsed = new ArrayList<>();
        BeaconIngestor enriching = new BeaconIngestor(TestBeacons.twoProjects(), new BatchEnricher(userAgent -> {
            parsed.add(userAgent);
            return iPhone;
        }, clientIp -> Optional.of("DE")), IngestCounters.NONE);

        BatchResult result = enriching.ingest(batch()
                .add(with(with(event("viewstart", 1), "viewer_device_model", "iPhone15,2"), "country_code", "US"))
                .add(event("play", 2))
                .body(), new BeaconContext(RECEIVED_AT_MS, "Mozilla/5.0 (iPhone...)", "198.51.100.7", null));

        assertThat(parsed).containsExactly("Mozilla/5.0 (iPhone...)");
        assertThat(result.events().get(0).fields())
                .containsEntry("viewer_device_model", "iPhone15,2")
                .containsEntry("viewer_device_manufacturer", "Apple")
                .containsEntry("viewer_application_name", "Safari")
                .containsEntry("viewer_os_family", "iOS")
                .containsEntry("viewer_device_category", "phone")
                .containsEntry("country_code", "DE");
        assertThat(result.events().get(1).fields()).containsEntry("viewer_device_model", "iPhone");
        assertThat(result.events()).allSatisfy(event -> assertThat(event.fields().values()).doesNotContain("198.51.100.7"));
    }

    @Test
    void batchThatRejectsEveryEventNeverParsesTheUserAgent() {
        List<String> parsed = new ArrayList<>();
        BeaconIngestor enriching = new BeaconIngestor(TestBeacons.twoProjects(), new BatchEnricher(userAgent -> {
            parsed.add(userAgent);
            return UserAgentInfo.UNKNOWN;
        }, CountryLookup.none()), IngestCounters.NONE);

        enriching.ingest(batch().metadata("env_key", "pk_nobody").add(event("play", 1)).body(), context());

        assertThat(parsed).isEmpty();
    }

    @Test
    void contextNeverPrintsTheClientIp() {
        assertThat(new BeaconContext(1L, "ua", "203.0.113.9", "FR").toString()).doesNotContain("203.0.113.9");
    }
}
