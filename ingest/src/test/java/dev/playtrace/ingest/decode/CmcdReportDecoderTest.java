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
                Map.entry("event", "playing"), Map.entry("view_id", CmcdEventMapper.viewId("s-1", "vid-1")),
                Map.entry("view_sequence_number", 2L), Map.entry("viewer_time", 1_795_390_036_000L),
                Map.entry("player_playhead_time", 1500L), Map.entry("video_id", "vid-1"), Map.entry("video_cdn", "cdn-a"),
                Map.entry("cmcd_sid", "s-1"), Map.entry("video_stream_type", "live"),
                Map.entry("video_source_bitrate", 3_000_000L));
    }

    /** A session's view is its sid and content: {@code e=c} (a new cid) starts a new view within one sid. */
    @Test
    void contentChangeStartsANewViewOfTheSameSession() throws BatchDecodeException {
        DecodedBatch batch = decode("""
                cid="movie-1",e=ps,sid="s-1",sn=1,sta=p,ts=10
                cid="movie-2",e=c,sid="s-1",sn=2,sta=p,ts=20
                cid="movie-2",e=ps,sid="s-1",sn=3,sta=s,ts=30
                e=ps,sid="s-1",sn=4,sta=q,ts=40""");

        assertThat(batch.events()).extracting(e -> e.fields().get("event"))
                .containsExactly("playing", "viewstart", "play", "viewend");
        assertThat(batch.events()).extracting(e -> e.fields().get("view_id")).containsExactly(
                "s-1~" + sha256Prefix("movie-1"), "s-1~" + sha256Prefix("movie-2"), "s-1~" + sha256Prefix("movie-2"), "s-1");
        assertThat(batch.events()).extracting(e -> e.fields().get("cmcd_sid")).containsOnly("s-1");
        assertThat(batch.events().get(1).fields()).containsEntry("video_id", "movie-2");
    }

    private static String sha256Prefix(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void playbackRateResponseAndLowLatencyLiveAreRecorded() throws BatchDecodeException {
        DecodedBatch batch = decode("""
                e=pr,pr=1.5,sid="s",sn=1,st=ll,ts=1000
                e=rr,rc=404,sid="s",sn=2,ts=2000,ttfb=20,ttlb=35,url="https://cdn.example/a/seg_3.m4s"
                e=rr,rc=0,sid="s",sn=3,ts=3000,url="https://cdn.example/a/seg_4.m4s"
                e=bc,br=(2000 128),pb=(1000),sid="s",sn=4,ts=4000
                e=abs,sid="s",sn=5,ts=5000
                e=m,sid="s",sn=6,ts=6000""");

        assertThat(batch.events()).extracting(e -> e.fields().get("event")).containsExactly(
                "ratechange", "requestfailed", "requestfailed", "renditionchange", "adbreakstart", "hb");
        assertThat(batch.events().get(0).fields()).containsEntry("player_playback_rate", 1.5)
                .containsEntry("video_stream_type", "live").doesNotContainKeys("cmcd_pr", "cmcd_e", "cmcd_st");
        assertThat(batch.events().get(1).fields()).containsEntry("request_response_code", 404L)
                .containsEntry("request_error_code", 404L).containsEntry("request_start", 2000L)
                .containsEntry("request_response_start", 2020L).containsEntry("request_response_end", 2035L)
                .containsEntry("request_url", "https://cdn.example/a/seg_3.m4s")
                .containsEntry("request_hostname", "cdn.example").containsEntry("viewer_time", 2000L)
                .doesNotContainKeys("cmcd_rc", "cmcd_url", "cmcd_ttfb", "cmcd_ttlb");
        assertThat(batch.events().get(2).fields()).containsEntry("request_error_code", 0L);
        // bc signals br: its first item is the new rendition; the whole list is kept too
        assertThat(batch.events().get(3).fields()).containsEntry("video_source_bitrate", 2_000_000L)
                .containsEntry("cmcd_br", "2000 128").containsEntry("cmcd_pb", 1000L);
        assertThat(batch.events().get(5).fields()).containsEntry("cmcd_e", "m");
    }

    @Test
    void reportWithoutSequenceNumberIsNumberedByTimeAndLine() throws BatchDecodeException {
        DecodedBatch batch = decode("e=ps,sid=\"s\",sta=s,ts=1700000000000\ne=ps,sid=\"s\",sta=p,ts=1700000000000\ne=t,sid=\"s\",sn=7,ts=5");

        assertThat(batch.events()).extracting(e -> e.fields().get("view_sequence_number"))
                .containsExactly(1_700_000_000_000_000L, 1_700_000_000_000_001L, 7L);
        assertThat(batch.warnings()).anyMatch(w -> w.startsWith("2 report(s) without sn"));
    }

    /** A reporter reads only the status, so reports left unread would be lost: a body is read whole. */
    @Test
    void everyReportOfABodyIsReadBeyondTheBeaconLimit() throws BatchDecodeException {
        StringBuilder body = new StringBuilder();
        for (int sn = 0; sn < 2_500; sn++) {
            body.append("e=t,sid=\"s\",sn=").append(sn).append(",ts=").append(1000 + sn).append('\n');
        }
        DecodedBatch batch = decode(body.toString());

        assertThat(batch.events()).hasSize(2_500);
        assertThat(batch.eventsOverLimit()).isZero();
    }

    @Test
    void valuesPlaytraceCannotStoreAreLeftOutNotTheReport() throws BatchDecodeException {
        String longKey = "com.example-" + "k".repeat(130);
        DecodedBatch batch = decode("e=t,sid=\"s\",sn=1,ts=5,cmsdd=\"" + "x".repeat(2_000) + "\"," + longKey + "=1,"
                + "com.example-ok=\"fine\"");

        assertThat(batch.events().get(0).fields()).containsEntry("cmcd_com.example-ok", "fine")
                .doesNotContainKeys("cmcd_cmsdd", "cmcd_" + longKey);
        assertThat(batch.warnings()).contains("the value of cmcd_cmsdd is longer than 1024 characters: not kept")
                .anyMatch(w -> w.startsWith("CMCD key \"com.example-kkk"));
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
