package dev.playtrace.ingest.session;

import dev.playtrace.model.ViewKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.playtrace.ingest.session.StoredViewCheck.LOOK_AFTER_LAST_EVENT_MS;
import static dev.playtrace.ingest.session.StoredViewCheck.LOOK_BEFORE_START_MS;
import static dev.playtrace.ingest.session.StoredViewCheck.MAX_WINDOWS;
import static org.assertj.core.api.Assertions.assertThat;

class StoredViewCheckTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000;

    @Test
    void viewsWhoseWindowsOverlapAreAskedAboutInOneWindow() {
        List<StoredViewCheck.Window> windows = StoredViewCheck.windows(List.of(
                candidate("b", T0 + 5_000, T0 + 9_000), candidate("a", T0, T0 + 1_000)));

        assertThat(windows).hasSize(1);
        assertThat(windows.getFirst().startFromMs()).isEqualTo(T0 - LOOK_BEFORE_START_MS);
        assertThat(windows.getFirst().startToMs()).isEqualTo(T0 + 9_000 + LOOK_AFTER_LAST_EVENT_MS);
        assertThat(windows.getFirst().views()).containsExactlyInAnyOrder(key("a"), key("b"));
    }

    @Test
    void aViewFarInThePastIsAskedAboutInAWindowOfItsOwn() {
        List<StoredViewCheck.Window> windows = StoredViewCheck.windows(List.of(
                candidate("now", T0 + 24 * HOUR, T0 + 24 * HOUR), candidate("yesterday", T0, T0 + 60_000)));

        assertThat(windows).extracting(StoredViewCheck.Window::startFromMs)
                .containsExactly(T0 - LOOK_BEFORE_START_MS, T0 + 24 * HOUR - LOOK_BEFORE_START_MS);
        assertThat(windows).extracting(StoredViewCheck.Window::views)
                .containsExactly(List.of(key("yesterday")), List.of(key("now")));
    }

    @Test
    void manyFarApartViewsAreAskedAboutInAtMostMaxWindowsJoinedAcrossTheNarrowestGaps() {
        // view i starts i(i+1)/2 days after T0, so the gaps widen: the last MAX_WINDOWS - 1 gaps are kept
        List<StoredViewCheck.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long startMs = T0 + i * (i + 1) / 2 * 24 * HOUR;
            candidates.add(candidate("v" + i, startMs, startMs + 60_000));
        }

        List<StoredViewCheck.Window> windows = StoredViewCheck.windows(candidates);

        assertThat(windows).hasSize(MAX_WINDOWS);
        assertThat(windows.getFirst().views()).hasSize(20 - (MAX_WINDOWS - 1)).contains(key("v0"), key("v12"));
        assertThat(windows.subList(1, MAX_WINDOWS)).extracting(StoredViewCheck.Window::views).containsExactly(
                List.of(key("v13")), List.of(key("v14")), List.of(key("v15")), List.of(key("v16")),
                List.of(key("v17")), List.of(key("v18")), List.of(key("v19")));
        for (StoredViewCheck.Candidate candidate : candidates) {
            StoredViewCheck.Window window = windows.stream()
                    .filter(w -> w.views().contains(candidate.key())).findFirst().orElseThrow();
            assertThat(window.startFromMs()).isLessThanOrEqualTo(candidate.lookFromMs());
            assertThat(window.startToMs()).isGreaterThanOrEqualTo(candidate.lookToMs());
        }
    }

    private static StoredViewCheck.Candidate candidate(String viewId, long startMs, long lastEventAtMs) {
        return new StoredViewCheck.Candidate(key(viewId), startMs, lastEventAtMs);
    }

    private static ViewKey key(String viewId) {
        return new ViewKey("project-1", viewId);
    }
}
