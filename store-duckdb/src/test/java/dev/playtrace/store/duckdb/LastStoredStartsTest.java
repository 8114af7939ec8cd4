package dev.playtrace.store.duckdb;

import dev.playtrace.model.View;
import dev.playtrace.store.conformance.ViewBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LastStoredStartsTest {
    private static final long T0 = 1_704_067_200_000L;

    @Test
    void aViewNeverWrittenIsExpectedAtItsOwnStart() {
        LastStoredStarts starts = new LastStoredStarts(10);

        assertThat(starts.storedStartOf(view("a", 1, T0))).isEqualTo(T0);
    }

    @Test
    void aMovedViewIsExpectedWhereItsHighestWrittenVersionStarted() {
        LastStoredStarts starts = new LastStoredStarts(10);
        starts.committed(List.of(view("a", 1, T0 + 500)));
        starts.committed(List.of(view("a", 3, T0 + 200)));
        // a stale version lost to version 3 in the store, so it does not change what is expected
        starts.committed(List.of(view("a", 2, T0 + 900)));

        assertThat(starts.storedStartOf(view("a", 4, T0))).isEqualTo(T0 + 200);
        assertThat(starts.storedStartOf(ViewBuilder.view("a", T0).project("p2").version(4).build()))
                .as("the same id in another project").isEqualTo(T0);
    }

    @Test
    void theLeastRecentlyWrittenViewsAreForgottenPastTheCapacity() {
        LastStoredStarts starts = new LastStoredStarts(2);
        starts.committed(List.of(view("a", 1, T0 + 1), view("b", 1, T0 + 2)));
        starts.committed(List.of(view("a", 2, T0 + 3), view("c", 1, T0 + 4)));

        assertThat(starts.storedStartOf(view("a", 3, T0))).isEqualTo(T0 + 3);
        assertThat(starts.storedStartOf(view("b", 2, T0))).isEqualTo(T0);
        assertThat(starts.storedStartOf(view("c", 2, T0))).isEqualTo(T0 + 4);
    }

    private static View view(String id, long version, long startMs) {
        return ViewBuilder.view(id, startMs).version(version).build();
    }
}
