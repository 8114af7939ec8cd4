package dev.playtrace.bus.kafka;

import dev.playtrace.model.ViewKey;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViewPartitionerTest {
    @Test
    void aViewGoesWhereKafkasOwnPartitionerPutsItsKey() {
        for (int i = 0; i < 1_000; i++) {
            ViewKey view = new ViewKey("p" + i % 7, "view-" + i);
            assertThat(ViewPartitioner.partitionOf(view, 12))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(ViewPartitioner.recordKey(view), 12));
        }
    }

    @Test
    void theSameViewIdInTwoProjectsIsTwoKeys() {
        assertThat(ViewPartitioner.recordKey(new ViewKey("a", "bc")))
                .isNotEqualTo(ViewPartitioner.recordKey(new ViewKey("ab", "c")));
    }
}
