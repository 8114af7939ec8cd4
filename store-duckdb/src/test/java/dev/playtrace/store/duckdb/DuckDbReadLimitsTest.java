package dev.playtrace.store.duckdb;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Store reads have bounded work: a query past its timeout is cancelled, and a full queue answers busy at once. */
@Timeout(120) // a safety net: the conditions waited for below happen within seconds
class DuckDbReadLimitsTest {
    /** Runs for minutes unless cancelled. */
    private static final String ENDLESS = "SELECT sum(hash(i)) AS total FROM range(100000000000) t(i)";

    @Test
    void aQueryPastItsTimeoutIsCancelledInTheStore() throws Exception {
        try (DuckDbConnections connections = new DuckDbConnections("jdbc:duckdb:", 1, 1, () -> { })) {
            assertThatThrownBy(() -> connections.read(reader -> JdbcRows.selectNamed(reader, ENDLESS, List.of(), 1)))
                    .isInstanceOfSatisfying(PlaytraceException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));
            // the reader is free again: the next query runs
            assertThat(connections.read(reader -> JdbcRows.selectNamed(reader, "SELECT 42 AS answer", List.of(), 1))
                    .getFirst().longOrZero("answer")).isEqualTo(42);
        }
    }

    @Test
    void aReadFindingEveryReaderBusyAndTheQueueFullIsRefusedAtOnce() throws Exception {
        // callers on threads of their own: the common pool may have a single thread on a small machine
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (DuckDbConnections connections = new DuckDbConnections("jdbc:duckdb:", 1, 1, () -> { })) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> connections.read(reader -> {
                awaitQuietly(release);
                return "first";
            }), callers);
            waitUntil(() -> connections.runningReads() == 1);
            CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> connections.read(reader -> "second"),
                    callers);
            waitUntil(() -> connections.waitingReads() == 1);

            assertThatThrownBy(() -> connections.read(reader -> "third"))
                    .isInstanceOfSatisfying(PlaytraceException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_BUSY));

            release.countDown();
            assertThat(running.get()).isEqualTo("first");
            assertThat(waiting.get()).isEqualTo("second");
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aReadWhoseCallerGivesUpIsCancelledInTheStoreAndFreesItsReader() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(1);
        try (DuckDbConnections connections = new DuckDbConnections("jdbc:duckdb:", 1, 1, () -> { })) {
            // a 30 s timeout: only the cancellation can end this query within the test
            java.util.concurrent.Future<Object> caller = callers.submit(() -> connections.read(reader ->
                    JdbcRows.selectNamed(reader, ENDLESS, List.of(), JdbcRows.QUERY_TIMEOUT_SECONDS)));
            waitUntil(() -> connections.runningReads() == 1);
            caller.cancel(true); // interrupts the waiting caller, as a client that went away does

            waitUntil(() -> connections.runningReads() == 0);
            assertThat(connections.cancelledReads()).isEqualTo(1);
            assertThat(connections.read(reader -> JdbcRows.selectNamed(reader, "SELECT 42 AS answer", List.of(), 1))
                    .getFirst().longOrZero("answer")).isEqualTo(42);
        } finally {
            callers.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
