package dev.playtrace.ingest.session;

import dev.playtrace.model.ViewKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForgottenViewsTest {
    private static final long RETENTION_MS = 600_000;
    private static final long NOW_MS = 1_700_000_000_000L;

    @Test
    void aForgottenViewIsRememberedForAtLeastOneRetentionPeriod() {
        ForgottenViews forgotten = new ForgottenViews(RETENTION_MS);
        ViewKey key = new ViewKey("project-1", "view-1");
        forgotten.add(key, NOW_MS);

        forgotten.rotate(NOW_MS + RETENTION_MS);
        boolean afterOneRetention = forgotten.mightContain(key);
        forgotten.rotate(NOW_MS + 3 * RETENTION_MS);

        assertThat(afterOneRetention).isTrue();
        assertThat(forgotten.mightContain(key)).isFalse();
    }

    @Test
    void everyAddedViewIsFoundAndFewOthersAre() {
        ForgottenViews forgotten = new ForgottenViews(RETENTION_MS);
        for (int i = 0; i < 100_000; i++) {
            forgotten.add(new ViewKey("project-1", "forgotten-" + i), NOW_MS);
        }

        int missed = 0;
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            missed += forgotten.mightContain(new ViewKey("project-1", "forgotten-" + i)) ? 0 : 1;
            falsePositives += forgotten.mightContain(new ViewKey("project-1", "new-" + i)) ? 1 : 0;
        }

        assertThat(missed).isZero();
        assertThat(falsePositives).isLessThan(100);
        assertThat(forgotten.mightContain(new ViewKey("project-2", "forgotten-1"))).isFalse();
    }
}
