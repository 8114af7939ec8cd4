package dev.playtrace.ingest.session;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompactFieldsTest {
    @Test
    void behavesLikeAMapWithSortedKeys() {
        Map<String, Object> fields = new CompactFields();

        assertThat(fields.put("video_title", "Intro")).isNull();
        fields.put("country", "US");
        fields.put("video_source_bitrate", 1_500_000L);
        assertThat(fields.put("video_title", "Outro")).isEqualTo("Intro");
        assertThat(fields.putIfAbsent("country", "DE")).isEqualTo("US");

        assertThat(fields).hasSize(3);
        assertThat(fields.get("video_title")).isEqualTo("Outro");
        assertThat(fields.get("video_source_bitrate")).isEqualTo(1_500_000L);
        assertThat(fields.get("missing")).isNull();
        assertThat(fields.containsKey("country")).isTrue();
        assertThat(new LinkedHashMap<>(fields).keySet()).containsExactly("country", "video_source_bitrate", "video_title");
        assertThat(fields).isEqualTo(Map.of("country", "US", "video_source_bitrate", 1_500_000L, "video_title", "Outro"));
    }

    @Test
    void shortTextValuesAreSharedBetweenViews() {
        Map<String, Object> first = new CompactFields();
        Map<String, Object> second = new CompactFields();

        first.put("browser", new String("Chrome".toCharArray()));
        second.put("browser", new String("Chrome".toCharArray()));

        assertThat(first.get("browser")).isSameAs(second.get("browser"));
    }
}
