package dev.playtrace.ingest.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MuxKeyExpanderTest {

    /** Every key of the captured mux-embed 5.19.0 beacons (shared/reference/mux-embed-captured-beacons.txt). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "mapve, mux_api_version",
            "mem, mux_embed",
            "memve, mux_embed_version",
            "udvcg, viewer_device_category",
            "pinid, player_instance_id",
            "msara, mux_sample_rate",
            "bdm, beacon_domain",
            "psqno, player_sequence_number",
            "xsqno, view_sequence_number",
            "pispa, player_is_paused",
            "pwd, player_width",
            "pht, player_height",
            "vsowd, video_source_width",
            "vsoht, video_source_height",
            "vsodu, video_source_duration",
            "pphti, player_playhead_time",
            "xmaphps, view_max_playhead_position",
            "uti, viewer_time",
            "ake, env_key",
            "pnm, player_name",
            "piiti, player_init_time",
            "vid, video_id",
            "vtt, video_title",
            "uusid, viewer_user_id",
            "xid, view_id",
            "xpntimscv, view_playing_time_ms_cumulative",
            "ucxty, viewer_connection_type",
            "vsoisli, video_source_is_live",
            "vsohn, video_source_hostname",
            "sid, session_id",
            "sst, session_start",
            "sex, session_expires",
            "mvrid, mux_viewer_id",
            "msano, mux_sample_number",
            "e, event",
            "wur, page_url",
            "vsour, video_source_url",
            "xwati, view_watch_time",
            "pvwco, player_view_count",
            "xst, view_start",
            "ppbmp, player_playback_mode",
            "ppbmpda, player_playback_mode_data",
            "vpbrg, video_playback_range",
            "xmauppe, view_max_upscale_percentage",
            "xmadope, view_max_downscale_percentage",
            "xtlctpbti, view_total_content_playback_time",
            "xtlug, view_total_upscaling",
            "xtldg, view_total_downscaling",
            "xtitofifr, view_time_to_first_frame",
            "xctpbti, view_content_playback_time",
            "xreco, view_rebuffer_count",
            "xredu, view_rebuffer_duration",
            "xrefq, view_rebuffer_frequency",
            "xrepe, view_rebuffer_percentage",
    })
    void expandsEveryCapturedKey(String compressed, String longForm) {
        assertThat(MuxKeyExpander.expand(compressed)).contains(longForm);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "vsobi, video_source_bitrate",
            "percd, player_error_code",
            "persy, player_error_severity",
            "perbzez, player_error_business_exception",
            "c1, custom_1",
            "c10, custom_10",
            "latency_, latency",
            "p_foo_nm, player_foo_name",
            "brand_nm, brand_name",
    })
    void digitsAndUnknownWordsFollowTheEncoding(String compressed, String longForm) {
        assertThat(MuxKeyExpander.expand(compressed)).contains(longForm);
    }

    @Test
    void keysThatAreNotCompleteCompressedKeysHaveNoExpansion() {
        assertThat(MuxKeyExpander.expand("")).isEmpty();
        assertThat(MuxKeyExpander.expand("player_width")).isEmpty(); // "la" then "ye": no such code
        assertThat(MuxKeyExpander.expand("zz")).isEmpty();           // no first-word code z, no underscore
        assertThat(MuxKeyExpander.expand("xi")).isEmpty();           // a later word needs two characters
        assertThat(MuxKeyExpander.expand("p_foo")).isEmpty();        // an unknown word must be closed by "_"
    }
}
