package dev.playtrace.ingest.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MuxEventAdapterTest {

    @Test
    void compressedEventGetsLongFormKeysInBodyOrder() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("xid", "v1");
        event.put("xsqno", 3L);
        event.put("e", "playing");
        event.put("vsowd", 1280L);
        event.put("zzz", "kept");

        assertThat(MuxEventAdapter.toLongForm(event)).containsExactly(
                Map.entry("view_id", "v1"), Map.entry("view_sequence_number", 3L), Map.entry("event", "playing"),
                Map.entry("video_source_width", 1280L), Map.entry("zzz", "kept"));
    }

    @Test
    void longFormEventIsLeftAlone() {
        Map<String, Object> event = Map.of("event", "play", "xid", "not a compressed key here", "udvcg", "");

        assertThat(MuxEventAdapter.toLongForm(event)).isSameAs(event);
    }

    @Test
    void knownLongFormKeysInACompressedEventStay() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("e", "play");
        event.put("player_width", 640L);
        event.put("video_id", "vid-1");

        assertThat(MuxEventAdapter.toLongForm(event)).containsExactly(
                Map.entry("event", "play"), Map.entry("player_width", 640L), Map.entry("video_id", "vid-1"));
    }

    @Test
    void emptyStringsAreAbsentAndMuxLiveVariantsAreLive() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("e", "viewstart");
        event.put("udvcg", "");
        event.put("vsmty", "ll-live");

        assertThat(MuxEventAdapter.toLongForm(event)).containsExactly(
                Map.entry("event", "viewstart"), Map.entry("video_stream_type", "live"));
    }

    @Test
    void nestedValuesOfCompressedEventsAreDropped() throws Exception {
        // as mux-embed 5.19.0 sends viewend after an hls.js request: the last response headers ride along
        String body = """
                {"metadata":{"transmission_timestamp":1795404518266,"rtt_ms":77},"events":[
                 {"psqno":31,"xsqno":31,"uti":1795404518264,"ake":"k","xid":"v1",
                  "qrphe":{"content-type":"video/mp2t"},"qlist":[1,2],"e":"viewend"}]}
                """;

        DecodedBatch batch = new BeaconDecoder(BeaconLimits.DEFAULT).decode(body.getBytes(StandardCharsets.UTF_8));

        assertThat(batch.events().getFirst().fields()).containsExactly(
                Map.entry("player_sequence_number", 31L), Map.entry("view_sequence_number", 31L),
                Map.entry("viewer_time", 1795404518264L), Map.entry("env_key", "k"), Map.entry("view_id", "v1"),
                Map.entry("event", "viewend"));
    }

    @Test
    void nestedValuesOfLongFormEventsStayForTheValidatorToReject() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "play");
        event.put("custom_1", NestedValue.OBJECT);

        assertThat(MuxEventAdapter.toLongForm(event)).containsEntry("custom_1", NestedValue.OBJECT);
    }

    @Test
    void metadataKeysExpandOnlyToKnownMetadataKeys() {
        Set<String> known = Set.of("transmission_timestamp", "rtt_ms", "env_key");

        assertThat(MuxEventAdapter.metadataKey("ake", known)).isEqualTo("env_key");
        assertThat(MuxEventAdapter.metadataKey("rtt_ms", known)).isEqualTo("rtt_ms");
        assertThat(MuxEventAdapter.metadataKey("xid", known)).isEqualTo("xid");
    }

    @Test
    void decoderReadsACapturedMuxEmbedBeaconAsLongFormEvents() throws Exception {
        String body = """
                {"metadata":{"transmission_timestamp":1795390039169,"rtt_ms":71},"events":[
                 {"mapve":"2.1","pinid":"85a019bf","bdm":"localhost:43063","psqno":6,"xsqno":6,"pispa":false,
                  "pphti":0,"uti":1795390036658,"ake":"testenv123","vid":"vid-1","xid":"f9d59249","xpntimscv":0,
                  "xwati":344,"xtitofifr":344,"sex":1795391536658,"e":"playing"}]}
                """;

        DecodedBatch batch = new BeaconDecoder(BeaconLimits.DEFAULT).decode(body.getBytes(StandardCharsets.UTF_8));

        assertThat(batch.metadata()).isEqualTo(new BatchMetadata(1795390039169L, null));
        assertThat(batch.warnings()).isEmpty();
        assertThat(batch.events().getFirst().fields()).containsExactly(
                Map.entry("mux_api_version", "2.1"),
                Map.entry("player_instance_id", "85a019bf"),
                Map.entry("beacon_domain", "localhost:43063"),
                Map.entry("player_sequence_number", 6L),
                Map.entry("view_sequence_number", 6L),
                Map.entry("player_is_paused", false),
                Map.entry("player_playhead_time", 0L),
                Map.entry("viewer_time", 1795390036658L),
                Map.entry("env_key", "testenv123"),
                Map.entry("video_id", "vid-1"),
                Map.entry("view_id", "f9d59249"),
                Map.entry("view_playing_time_ms_cumulative", 0L),
                Map.entry("view_watch_time", 344L),
                Map.entry("view_time_to_first_frame", 344L),
                Map.entry("session_expires", 1795391536658L),
                Map.entry("event", "playing"));
    }
}
