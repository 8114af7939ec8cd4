package dev.playtrace.ingest.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CmcdReportDecoderTest {
    private final CmcdReportDecoder decoder = new CmcdReportDecoder(BeaconLimits.DEFAULT);

    private DecodedBatch decode(String body) throws BatchDecodeException {
        return decoder.decode(body.getBytes(StandardCharsets.UTF_8), "key-1");
    }

    @Test
    void playStateReportBecomesALongFormEvent() throws BatchDecodeException {
        DecodedBatch batch = decode("br=3000,cdn=\"cdn-a\",cid=\"vid-1\",e=ps,pt=1500,sid=\"s-1\",sn=2,st=l,sta=p,ts=1795390036000,v=2");

        assertThat(batch.metadata()).isEqualTo(new BatchMetadata(null, "key-1"));
        assertThat(batch.warnings()).containsExactly(CmcdReportDecoder.NO_CLOCK_CORRECTION);
        assertThat(batch.events()).hasSize(1);
        assertThat(batch.events().get(0).fields()).containsExactly(
                Map.entry("event", "playing"), Map.entry("view_id", "s-1"), Map.entry("view_sequence_number", 2L),
                Map.entry("viewer_time", 1_795_390_036_000L), Map.entry("player_playhead_time", 1500L),
                Map.entry("video_id", "vid-1"), Map.entry("video_cdn", "cdn-a"), Map.entry("video_stream_type", "live"),
                Map.entry("video_source_bitrate", 3_000_000L));
    }

    @Test
    void eventTypesAndPlayStatesGiveEventNames() throws BatchDecodeException {
        String body = String.join("\n",
                "e=ps,sta=s", "e=ps,sta=p", "e=ps,sta=k", "e=ps,sta=r", "e=ps,sta=w", "e=ps,sta=a", "e=ps,sta=e",
                "e=ps,sta=f", "e=ps,sta=q", "e=ps,sta=d", "e=bc,pb=1500", "e=e,ec=\"MEDIA_ERR\"", "e=t,sta=p", "e=m",
                "e=rr,rc=200");
        DecodedBatch batch = decode(body);

        assertThat(batch.events()).extracting(e -> e.fields().get("event")).containsExactly(
                "play", "playing", "seeking", "waiting", "pause", "pause", "ended", "error", "viewend",
                "renditionchange", "error", "hb", "hb", "requestcompleted");
        assertThat(batch.events().get(7).fields()).containsEntry("player_error_severity", "fatal");
        assertThat(batch.events().get(9).fields()).containsEntry("video_source_bitrate", 1_500_000L);
        assertThat(batch.events().get(10).fields())
                .containsEntry("player_error_code", "MEDIA_ERR").containsEntry("player_error_severity", "warning");
        assertThat(batch.events().get(10).index()).isEqualTo(11);
        assertThat(batch.warnings()).contains("1 preloading report(s) (sta=d) skipped: Playtrace records no event for them");
    }

    @Test
    void badLineIsRejectedAndGoodLinesAreKept() throws BatchDecodeException {
        DecodedBatch batch = decode("e=ps,sid=\"s-1\",sn=1,sta=s,ts=1\r\nsid=\"broken\n\ne=ps,sid=\"s-1\",sn=2,sta=p,ts=2\n");

        assertThat(batch.events()).hasSize(3);
        assertThat(batch.events().get(0).isObject()).isTrue();
        assertThat(batch.events().get(1).isObject()).isFalse();
        assertThat(batch.events().get(1).notAnObjectDescription())
                .isEqualTo("not a CMCD report (the string value of \"sid\" has no closing quote)");
        assertThat(batch.events().get(2).fields()).containsEntry("event", "playing");
    }

    @Test
    void jsonArrayFormIsReadLikeTheText() throws BatchDecodeException {
        DecodedBatch batch = decode("[{\"e\":\"ps\",\"sta\":\"s\",\"sid\":\"s-1\",\"sn\":1,\"ts\":5,\"br\":[2000,1000]}, 3]");

        assertThat(batch.events().get(0).fields()).containsEntry("event", "play").containsEntry("view_id", "s-1")
                .containsEntry("video_source_bitrate", 2_000_000L);
        assertThat(batch.events().get(1).notAnObjectDescription()).isEqualTo("not a CMCD report (element is not a JSON object)");
    }

    @Test
    void bodyWithoutAnyValidReportIsRefusedWithTheProblem() {
        assertThatThrownBy(() -> decode("this is not cmcd"))
                .isInstanceOf(BatchDecodeException.class)
                .hasMessage("no valid CMCD report in the body; report 0: expected ',' after the value of \"this\" at character 6, found 'i'")
                .extracting(e -> ((BatchDecodeException) e).kind()).isEqualTo(BatchFailureKind.NOT_A_BATCH);
        assertThatThrownBy(() -> decode("  \n")).extracting(e -> ((BatchDecodeException) e).kind()).isEqualTo(BatchFailureKind.EMPTY);
        assertThatThrownBy(() -> decode("[{\"e\":")).extracting(e -> ((BatchDecodeException) e).kind())
                .isEqualTo(BatchFailureKind.MALFORMED_JSON);
    }

    @Test
    void bodyOfOnlyPreloadingReportsIsNoMistakeButRecordsNothing() throws BatchDecodeException {
        DecodedBatch batch = decode("e=ps,sta=d,sid=\"s\"");

        assertThat(batch.events()).isEmpty();
        assertThat(batch.metadata().envKey()).isEqualTo("key-1");
        assertThat(batch.warnings()).contains("1 preloading report(s) (sta=d) skipped: Playtrace records no event for them");
    }
}
