package dev.playtrace.ingest.session;

import dev.playtrace.model.PlayerEvent;
import dev.playtrace.model.View;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static dev.playtrace.ingest.session.EventScript.T0;
import static dev.playtrace.ingest.session.EventScript.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cap on views held in memory: views released over it must end up stored exactly as a sessionizer without a cap
 * stores them. Each test drives a capped and an uncapped sessionizer with the same events and clock.
 */
class SessionizerMemoryCapTest {
    private static final long TIMEOUT_MS = 120_000;

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryViewStore cappedStore = new InMemoryViewStore();
    private final InMemoryViewStore uncappedStore = new InMemoryViewStore();
    private final Sessionizer uncapped = new Sessionizer(uncappedStore, uncappedStore, clock);
    private Sessionizer capped = cappedSessionizer(0);

    @Test
    void releasedViewsContinueInOrderOutOfOrderWithDuplicatesAndLateAfterClose() {
        List<PlayerEvent> inOrder = stallScript("in-order").events();
        List<PlayerEvent> outOfOrder = stallScript("out-of-order").events();
        List<PlayerEvent> retried = stallScript("retried").events();
        List<PlayerEvent> lateAfterClose = stallScript("late-after-close").events();

        clock.setMillis(T0 + 10_000);
        feedBoth(inOrder.subList(0, 2), outOfOrder.subList(0, 2), retried.subList(0, 3), lateAfterClose.subList(0, 2));
        int heldAfterFirstFlush = capped.viewsInMemory();
        int liveAfterFirstFlush = capped.liveViewCount();

        clock.setMillis(T0 + 32_000);
        // waiting (seq 3) of "out-of-order" and "late-after-close" is held back; "retried" repeats seq 2 and 3
        feedBoth(inOrder.subList(2, 4), outOfOrder.subList(3, 5), retried.subList(1, 5),
                lateAfterClose.subList(3, 6));
        feedBoth(inOrder.subList(4, 6), outOfOrder.subList(5, 6), retried.subList(3, 6), outOfOrder.subList(2, 3));
        boolean closedBeforeLateEvent = cappedStore.view("late-after-close").closed();

        clock.setMillis(T0 + 90_000);
        feedBoth(EventScript.receivedAt(lateAfterClose.subList(2, 3), clock.millis()),
                EventScript.receivedAt(retried.subList(0, 1), clock.millis()));

        assertThat(heldAfterFirstFlush).isZero();
        assertThat(liveAfterFirstFlush).isEqualTo(4);
        assertThat(closedBeforeLateEvent).isTrue();
        assertThat(capped.viewsReleasedOverCap()).isGreaterThanOrEqualTo(12);
        assertThat(cappedStore.loads()).isPositive();
        assertThat(cappedStore.view("late-after-close").rebufferCount()).isEqualTo(1);
        assertThat(cappedStore.view("late-after-close").playingTimeMs()).isEqualTo(28_000);
        assertSameStoredViewsAndEvents();
        assertThat(capped.duplicatesDropped()).isEqualTo(uncapped.duplicatesDropped()).isEqualTo(5);
    }

    @Test
    void releasedOpenViewIsClosedByTheInactivityTimeout() {
        List<PlayerEvent> events = view("silent").at(0).play().at(1_000).playing().at(61_000).heartbeat().events();
        clock.setMillis(T0 + 61_000);
        feedBoth(events);
        int heldAfterRelease = capped.viewsInMemory();

        clock.setMillis(T0 + 61_000 + TIMEOUT_MS - 1);
        flushBoth();
        boolean openBeforeTimeout = !cappedStore.view("silent").closed();
        clock.advanceMillis(1);
        flushBoth();

        View timedOut = cappedStore.view("silent");
        assertThat(heldAfterRelease).isZero();
        assertThat(openBeforeTimeout).isTrue();
        assertThat(timedOut.closed()).isTrue();
        assertThat(timedOut.dropped()).isTrue();
        assertThat(timedOut.playingTimeMs()).isEqualTo(60_000);
        assertThat(capped.liveViewCount()).isZero();
        assertThat(cappedStore.loads()).isEqualTo(1);
        assertSameStoredViewsAndEvents();
    }

    @Test
    void aRetryForAForgottenTimedOutViewLeavesItClosed() {
        List<PlayerEvent> events = view("timed-out").at(0).play().at(1_000).playing().at(5_000).heartbeat().events();
        feedBoth(events);
        clock.setMillis(T0 + 5_000 + TIMEOUT_MS);
        flushBoth();
        int writesBeforeRetry = cappedStore.writes().size();

        clock.advanceMillis(10_000);
        feedBoth(EventScript.receivedAt(events.subList(0, 2), clock.millis()));

        int writesAfterRetry = cappedStore.writes().size();
        // reloaded and found unchanged, the view is held like an open one until its timeout writes it closed again
        clock.advanceMillis(1);
        flushBoth();

        assertThat(writesAfterRetry).isEqualTo(writesBeforeRetry);
        // at the first timeout, for the retry, and when the reloaded view times out again
        assertThat(cappedStore.loads()).isEqualTo(3);
        assertThat(capped.duplicatesDropped()).isEqualTo(uncapped.duplicatesDropped()).isEqualTo(2);
        assertThat(cappedStore.view("timed-out").closed()).isTrue();
        assertThat(cappedStore.view("timed-out").dropped()).isTrue();
        assertSameStoredViewsAndEvents();
    }

    @Test
    void aRetryForAReleasedOpenViewDoesNotHoldItOpenLonger() {
        List<PlayerEvent> events = view("retried-open").at(0).play().at(1_000).playing().at(5_000).heartbeat()
                .events();
        feedBoth(events);
        clock.setMillis(T0 + 60_000);
        feedBoth(EventScript.receivedAt(events.subList(1, 2), clock.millis()));
        clock.setMillis(T0 + 5_000 + TIMEOUT_MS);
        flushBoth();

        assertThat(uncappedStore.view("retried-open").closed()).isTrue();
        assertThat(cappedStore.view("retried-open").closed()).isTrue();
        assertThat(capped.liveViewCount()).isEqualTo(uncapped.liveViewCount()).isZero();
        assertSameStoredViewsAndEvents();
    }

    @Test
    void theLeastRecentlyActiveViewIsReleasedFirst() {
        capped = cappedSessionizer(2);
        List<PlayerEvent> a = view("a").at(0).play().at(1_000).playing().at(2_000).pause().events();
        List<PlayerEvent> b = view("b").at(0).play().at(1_000).playing().events();
        List<PlayerEvent> c = view("c").at(0).play().at(1_000).playing().events();
        capped.accept(List.of(a.get(0), b.get(0), c.get(0), a.get(1)));
        capped.flush();
        int releasedAtFirstFlush = (int) capped.viewsReleasedOverCap();

        capped.accept(List.of(c.get(1), a.get(2)));
        capped.flush();
        int loadsForHeldViews = cappedStore.loads();
        capped.accept(List.of(b.get(1)));
        capped.flush();

        assertThat(releasedAtFirstFlush).isEqualTo(1);
        assertThat(loadsForHeldViews).isZero();
        assertThat(cappedStore.loads()).isEqualTo(1);
        assertThat(cappedStore.view("b").eventCount()).isEqualTo(2);
        assertThat(capped.viewsInMemory()).isEqualTo(2);
        assertThat(capped.liveViewCount()).isEqualTo(3);
    }

    @Test
    void aViewWaitingForItsHistoryIsNotReleased() {
        List<PlayerEvent> events = view("waiting").at(0).play().at(1_000).playing().events();
        capped.accept(events.subList(0, 1));
        capped.flush();
        cappedStore.failNextLoad(new IllegalStateException("store unavailable"));
        capped.accept(events.subList(1, 2));

        assertThatThrownBy(capped::flush).hasMessage("store unavailable");
        int heldWhileDirty = capped.viewsInMemory();
        capped.flush();

        assertThat(heldWhileDirty).isEqualTo(1);
        assertThat(capped.viewsInMemory()).isZero();
        assertThat(cappedStore.view("waiting").eventCount()).isEqualTo(2);
        assertThat(cappedStore.view("waiting").startupTimeMs()).isEqualTo(1_000);
    }

    @Test
    void shuffledDuplicatedDeliveryOfManyViewsUnderATinyCapStoresWhatNoCapStores() {
        Random random = new Random(13);
        List<PlayerEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<PlayerEvent> viewEvents = i % 2 == 0 ? stallScript("v" + i).events() : richScript("v" + i).events();
            List<PlayerEvent> shuffled = new ArrayList<>(viewEvents);
            Collections.shuffle(shuffled, random);
            // one event repeated after the view's first half (a retry)
            events.addAll(shuffled.subList(0, shuffled.size() / 2));
            events.add(shuffled.get(random.nextInt(shuffled.size() / 2)));
            events.addAll(shuffled.subList(shuffled.size() / 2, shuffled.size()));
        }
        capped = cappedSessionizer(3);

        long atMs = T0;
        for (int from = 0; from < events.size(); from += 7) {
            atMs += 1_000;
            clock.setMillis(atMs);
            feedBoth(EventScript.receivedAt(events.subList(from, Math.min(from + 7, events.size())), atMs));
        }
        clock.advanceMillis(TIMEOUT_MS);
        flushBoth();

        assertThat(capped.viewsReleasedOverCap()).isGreaterThan(40);
        assertThat(cappedStore.views()).hasSize(40);
        assertThat(cappedStore.views().values()).allMatch(View::closed);
        assertSameStoredViewsAndEvents();
        assertThat(capped.duplicatesDropped()).isEqualTo(uncapped.duplicatesDropped()).isEqualTo(40);
    }

    private Sessionizer cappedSessionizer(int maxViewsInMemory) {
        return new Sessionizer(cappedStore, cappedStore, clock,
                SessionizerSettings.DEFAULTS.withMaxViewsInMemory(maxViewsInMemory));
    }

    @SafeVarargs
    private void feedBoth(List<PlayerEvent>... batches) {
        for (List<PlayerEvent> batch : batches) {
            capped.accept(batch);
            uncapped.accept(batch);
        }
        flushBoth();
    }

    private void flushBoth() {
        capped.flush();
        uncapped.flush();
    }

    private void assertSameStoredViewsAndEvents() {
        assertThat(cappedStore.views().keySet()).isEqualTo(uncappedStore.views().keySet());
        for (String viewId : uncappedStore.views().keySet()) {
            assertThat(cappedStore.view(viewId)).as(viewId)
                    .usingRecursiveComparison().ignoringFields("version").isEqualTo(uncappedStore.view(viewId));
        }
        assertThat(sorted(cappedStore.eventLog())).isEqualTo(sorted(uncappedStore.eventLog()));
    }

    private static List<PlayerEvent> sorted(List<PlayerEvent> events) {
        return events.stream()
                .sorted(Comparator.comparing(PlayerEvent::viewId).thenComparingLong(PlayerEvent::sequenceNumber))
                .toList();
    }

    /** play, playing, waiting (seq 3), playing, ended, viewend: one 2 s stall, 28 s playing. */
    private static EventScript stallScript(String viewId) {
        return view(viewId).at(0).play().at(1_000).playing().at(11_000).waiting().at(13_000).playing()
                .at(31_000).ended().at(31_500).viewend();
    }

    /** Open at its end (no viewend): a stall, a seek, a pause and two rendition changes. */
    private static EventScript richScript(String viewId) {
        return view(viewId)
                .at(0).viewstart().with("video_id", "v-9")
                .at(0).renditionchange(1_000_000, 1280, 720)
                .at(100).play()
                .at(1_100).playing()
                .at(10_000).waiting()
                .at(11_000).playing()
                .at(20_000).seeking()
                .at(20_400).seeked()
                .at(20_600).playing()
                .at(25_000).renditionchange(2_000_000, 1920, 1080)
                .at(30_000).pause()
                .at(40_000).play()
                .at(40_050).playing()
                .at(50_000).heartbeat();
    }
}
