package dev.playtrace.ingest.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playtrace.model.EventName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/beacon.schema.json in step with the code that enforces it. */
class BeaconSchemaTest {
    private static JsonNode schema;
    private static JsonNode event;

    @BeforeAll
    static void readSchema() throws IOException {
        // surefire runs in the module directory
        schema = new ObjectMapper().readTree(Path.of("..", "docs", "beacon.schema.json").toFile());
        event = schema.at("/$defs/event");
    }

    @Test
    void eventNamesAreTheClientEventNames() {
        List<String> clientNames = Arrays.stream(EventName.values())
                .filter(name -> EventName.fromClient(name.wireName()).isPresent())
                .map(EventName::wireName)
                .toList();

        assertThat(strings(event.at("/properties/event/enum"))).containsExactlyInAnyOrderElementsOf(clientNames);
    }

    @Test
    void everyKnownFieldIsDescribed() {
        for (String field : KnownFields.all().keySet()) {
            assertThat(event.at("/properties").has(field)).as(field).isTrue();
        }
        for (String field : KnownFields.CORE) {
            assertThat(event.at("/properties").has(field)).as(field).isTrue();
        }
    }

    @Test
    void limitsAreTheDefaultLimits() {
        BeaconLimits limits = BeaconLimits.DEFAULT;
        assertThat(schema.at("/properties/events/maxItems").asInt()).isEqualTo(limits.maxEventsPerBatch());
        assertThat(event.at("/maxProperties").asInt()).isEqualTo(limits.maxFieldsPerEvent());
        assertThat(event.at("/propertyNames/maxLength").asInt()).isEqualTo(limits.maxFieldNameLength());
        assertThat(event.at("/properties/view_id/maxLength").asInt()).isEqualTo(limits.maxViewIdLength());
        assertThat(schema.at("/$defs/text/maxLength").asInt()).isEqualTo(limits.maxTextLength());
        assertThat(event.at("/additionalProperties/maxLength").asInt()).isEqualTo(limits.maxTextLength());
        assertThat(schema.at("/$defs/url/maxLength").asInt()).isEqualTo(limits.maxUrlLength());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
