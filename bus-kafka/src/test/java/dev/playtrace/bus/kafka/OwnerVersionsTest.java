package dev.playtrace.bus.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnerVersionsTest {
    private static final long EPOCH = 1L << OwnerVersions.COUNT_BITS;

    @Test
    void anEpochStartsAboveTheHighestStoredVersionAndCountsUp() {
        OwnerVersions versions = new OwnerVersions();

        // a store written before epochs: versions from the clock, ms x 1000
        assertThat(versions.startEpochAbove(1634 * EPOCH + 1_234_567)).isEqualTo(1635 * EPOCH);
        assertThat(versions.next(0)).isEqualTo(1635 * EPOCH + 1);
        assertThat(versions.next(Long.MAX_VALUE)).as("the clock plays no part").isEqualTo(1635 * EPOCH + 2);
    }

    @Test
    void aNewEpochIsAboveTheWorkersOwnEvenWhenTheStoreHoldsLess() {
        OwnerVersions versions = new OwnerVersions();
        versions.startEpochAbove(7 * EPOCH + 3);

        assertThat(versions.startEpochAbove(0)).isEqualTo(9 * EPOCH);
    }

    @Test
    void noVersionBeforeTheFirstEpoch() {
        assertThatThrownBy(() -> new OwnerVersions().next(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no epoch started");
    }

    @Test
    void anEpochIsDueForRenewalWhenHalfOfItIsUsedAndRefusesToRunOver() {
        OwnerVersions versions = new OwnerVersions(3);
        assertThat(versions.startEpochAbove(0)).isEqualTo(8);

        versions.next(0);
        versions.next(0);
        assertThat(versions.dueForRenewal()).isFalse();
        versions.next(0);
        assertThat(versions.dueForRenewal()).as("4 of 8 used").isTrue();
        for (int i = 0; i < 4; i++) {
            versions.next(0);
        }
        assertThatThrownBy(() -> versions.next(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoch 1 ran out of versions");
        assertThat(versions.startEpochAbove(8)).isEqualTo(16);
    }
}
