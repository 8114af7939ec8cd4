package dev.playtrace.bus.local;

import dev.playtrace.ingest.bus.BusOverloadedException;
import dev.playtrace.model.EventName;
import dev.playtrace.model.PlayerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalLogBusTest {
    private static final LocalLogBus.Limits SMALL = new LocalLogBus.Limits(10, 1 << 20, 64 * 1024, Duration.ofSeconds(2));

    @TempDir
    Path directory;

    private final List<String> consumed = Collections.synchronizedList(new ArrayList<>());

    private static List<PlayerEvent> batch(String viewId, int events) {
        return IntStream.rangeClosed(1, events)
                .mapToObj(sequence -> new PlayerEvent("proj", viewId, sequence, EventName.PLAY, 1000 + sequence,
                        1000 + sequence, null, 2000, Map.of("video_title", "T")))
                .toList();
    }

    private LocalLogBus open(long storedPosition, LocalLogBus.Limits limits) {
        return LocalLogBus.open(directory, storedPosition,
                (events, position) -> consumed.add(position + ":" + events.getFirst().viewId() + "x" + events.size()),
                limits);
    }

    @Test
    void anAcknowledgedBatchHasReachedTheConsumerInPublicationOrder() {
        try (LocalLogBus bus = open(0, LocalLogBus.Limits.DEFAULTS)) {
            bus.publish(batch("a", 2)).join();
            bus.publish(batch("b", 1)).join();
            bus.awaitDelivered();
            assertThat(consumed).containsExactly("1:ax2", "2:bx1");
        }
    }

    @Test
    void concurrentPublishersShareCommitsAndEveryBatchGetsItsOwnPosition() {
        try (LocalLogBus bus = open(0, LocalLogBus.Limits.DEFAULTS)) {
            List<CompletableFuture<Void>> acks = IntStream.range(0, 200)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> bus.publish(batch("v" + i, 3)).join()))
                    .toList();
            acks.forEach(CompletableFuture::join);
        }
        assertThat(consumed).hasSize(200);
        assertThat(consumed.stream().map(entry -> Long.parseLong(entry.substring(0, entry.indexOf(':')))))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(i -> (long) i).toList());
    }

    @Test
    void aRestartReplaysEveryAcknowledgedBatchAfterTheStoredPosition() {
        try (LocalLogBus bus = open(0, LocalLogBus.Limits.DEFAULTS)) {
            bus.publish(batch("a", 1)).join();
            bus.publish(batch("b", 2)).join();
            bus.publish(batch("c", 3)).join();
        }
        consumed.clear();
        try (LocalLogBus bus = open(1, LocalLogBus.Limits.DEFAULTS)) {
            assertThat(consumed).containsExactly("2:bx2", "3:cx3");
            assertThat(bus.unstoredEvents()).isEqualTo(5);
            bus.publish(batch("d", 1)).join();
            bus.awaitDelivered();
            assertThat(consumed).endsWith("4:dx1");
        }
    }

    @Test
    void pastTheBoundABatchIsRefusedWithRetryAfterUntilTheStoreCatchesUp() {
        try (LocalLogBus bus = open(0, SMALL)) {
            bus.publish(batch("a", 6)).join();
            bus.publish(batch("b", 4)).join();

            assertThatThrownBy(() -> bus.publish(batch("c", 1)).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(BusOverloadedException.class)
                    .satisfies(e -> assertThat(((BusOverloadedException) e).retryAfter()).isEqualTo(Duration.ofSeconds(2)));
            bus.awaitDelivered();
            assertThat(consumed).containsExactly("1:ax6", "2:bx4");

            bus.stored(1);
            assertThat(bus.unstoredEvents()).isEqualTo(4);
            bus.publish(batch("c", 6)).join();
            bus.awaitDelivered();
            assertThat(consumed).endsWith("3:cx6");
        }
    }

    @Test
    void atTheBoundTheRefusalIsKnownBeforeAnyBatchIsEncodedUntilTheStoreCatchesUp() {
        try (LocalLogBus bus = open(0, SMALL)) {
            bus.publish(batch("a", 6)).join();
            // 6 of 10: a batch of up to 4 events is still taken, so nothing is refused yet
            assertThat(bus.currentRefusal()).isEmpty();
            bus.publish(batch("b", 4)).join();

            assertThat(bus.currentRefusal()).hasValueSatisfying(refusal -> {
                assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(2));
                assertThat(refusal.getMessage()).startsWith("ingest is 10 events (").endsWith("behind the store; retry later");
            });
            assertThatThrownBy(() -> bus.publish(batch("c", 1)).join())
                    .cause().isInstanceOf(BusOverloadedException.class);

            bus.stored(1);
            assertThat(bus.currentRefusal()).isEmpty();
        }
    }

    @Test
    void everyBatchPublishedWhileTheBusClosesIsAcknowledgedOrRefusedNeverLeftWaiting() throws Exception {
        LocalLogBus bus = open(0, LocalLogBus.Limits.DEFAULTS);
        List<CompletableFuture<Void>> published = Collections.synchronizedList(new ArrayList<>());
        List<Thread> publishers = IntStream.range(0, 4).mapToObj(p -> Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 2_000; i++) {
                published.add(bus.publish(batch("p" + p + "-" + i, 1)));
            }
        })).toList();
        bus.close();
        for (Thread publisher : publishers) {
            publisher.join();
        }

        long acknowledged = 0;
        for (CompletableFuture<Void> future : published) {
            // a future left pending would fail here after the bound, not hang the test
            String outcome = future.handle((value, error) -> error == null ? "acknowledged" : error.getMessage())
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(outcome).isIn("acknowledged", "the ingest log is closed");
            acknowledged += outcome.equals("acknowledged") ? 1 : 0;
        }
        assertThat(consumed).as("every acknowledged batch reached the consumer").hasSize((int) acknowledged);
    }
}
