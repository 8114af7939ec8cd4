package dev.playtrace.ingest.bus;

import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {
    private static PlayerEvent event(long sequence, Long playheadMs, Map<String, Object> fields) {
        return new PlayerEvent("proj_1", "view-é-1", sequence, EventName.PLAYING, 1_700_000_000_123L,
                1_700_000_000_000L - 250, playheadMs, 1_700_000_000_400L, fields);
    }

    @Test
    void everyFieldTypeAndTimeSurvivesTheRoundTrip() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("video_title", "Über uns – 字幕");
        fields.put("video_source_bitrate", 2_500_000L);
        fields.put("video_source_duration", -1L);
        fields.put("player_width_ratio", 0.5625);
        fields.put("player_is_fullscreen", true);
        fields.put("player_autoplay", false);
        List<PlayerEvent> events = List.of(event(1, null, fields), event(Long.MAX_VALUE, 12_345L, Map.of()),
                new PlayerEvent("p", "v", 0, EventName.VIEWEND, -5, Long.MIN_VALUE / 2, -1L, 0, Map.of()));

        assertThat(EventCodec.decode(EventCodec.encode(events))).isEqualTo(events);
    }

    @Test
    void everyTruncationOfAnEncodedBatchIsRefused() {
        byte[] encoded = EventCodec.encode(List.of(event(7, 100L, Map.of("video_title", "A", "bitrate", 3L))));
        for (int length = 0; length < encoded.length; length++) {
            byte[] cut = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> EventCodec.decode(cut)).as("cut at %d of %d", length, encoded.length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] encoded = EventCodec.encode(List.of(event(1, null, Map.of())));
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> EventCodec.decode(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
    }
}
