package dev.playtrace.store.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EventFieldsJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final String[] PIECES = {"a", "video_title", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\u0000",
            "\u001f", "\u007f", "é", "ü", "日本", "\u2028", "😀", "\ud800", "Trailer: The \"Last\" Light", " ", ""};

    private final EventFieldsJson json = new EventFieldsJson();

    @Test
    void writesTheUtf8OfWhatJacksonWritesForRandomFields() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> fields = randomFields(random);
            byte[] expected = JACKSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
            assertThat(new String(json.writeUtf8(fields), StandardCharsets.UTF_8))
                    .as("fields %s", fields).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(json.writeUtf8(fields)).isEqualTo(expected);
            assertThat(json.write(fields)).isEqualTo(JACKSON.writeValueAsString(fields));
        }
    }

    @Test
    void readsBackWhatItWrote() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("video_title", "Trailer: The \"Last\" Light\n");
        fields.put("video_duration", 2_503_000L);
        fields.put("ratio", 0.25);
        fields.put("is_live", true);
        fields.put("country_code", "日本");

        assertThat(json.read(new String(json.writeUtf8(fields), StandardCharsets.UTF_8))).isEqualTo(fields);
    }

    @Test
    void writesALoneSurrogateAsAQuestionMarkLikeTheStringPath() {
        Map<String, Object> fields = Map.of("video_title", "a\ud800b");

        assertThat(new String(json.writeUtf8(fields), StandardCharsets.UTF_8)).isEqualTo("{\"video_title\":\"a?b\"}");
    }

    @Test
    void writesNoFieldsAsAnEmptyObject() {
        assertThat(json.writeUtf8(Map.of())).isEqualTo("{}".getBytes(StandardCharsets.US_ASCII));
    }

    private static Map<String, Object> randomFields(Random random) {
        Map<String, Object> fields = new LinkedHashMap<>();
        int count = random.nextInt(25);
        for (int i = 0; i < count; i++) {
            fields.put(randomText(random) + i, randomValue(random));
        }
        return fields;
    }

    private static Object randomValue(Random random) {
        return switch (random.nextInt(12)) {
            case 0, 1, 2, 3 -> randomText(random);
            case 4 -> random.nextLong();
            case 5 -> (long) random.nextInt(10_000_000);
            case 6 -> random.nextInt();
            case 7 -> random.nextBoolean();
            case 8 -> List.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 0.0, 1e-7, 1e21, 123.456, Double.MIN_VALUE,
                    Double.MAX_VALUE).get(random.nextInt(9));
            case 9 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 10 -> random.nextInt(20) == 0 ? List.of(1, "x") : null;
            default -> random.nextFloat();
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            text.append(random.nextInt(4) == 0 ? PIECES[random.nextInt(PIECES.length)] : Character.toString('a' + random.nextInt(26)));
        }
        if (random.nextInt(10) == 0) {
            text.append((char) random.nextInt(0x10000));
        }
        return text.toString();
    }
}
