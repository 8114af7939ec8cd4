package dev.playtrace.server.exports;

import dev.playtrace.model.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportSlotsTest {
    @Test
    void aProjectAtItsLimitIsRefusedWhileAnotherProjectStillExports() {
        ExportSlots slots = new ExportSlots(2, 4);
        slots.acquire("p1");
        slots.acquire("p1");

        assertThatThrownBy(() -> slots.acquire("p1")).isInstanceOfSatisfying(ExportSlots.Busy.class, busy -> {
            assertThat(busy.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(busy.retryAfterSeconds()).isEqualTo(ExportSlots.RETRY_AFTER_SECONDS);
            assertThat(busy.getMessage()).contains("this project already runs 2 exports");
        });
        slots.acquire("p2").close();
    }

    @Test
    void theServerAtItsLimitRefusesEveryProjectUntilAnExportEnds() {
        ExportSlots slots = new ExportSlots(2, 3);
        ExportSlots.Slot first = slots.acquire("p1");
        slots.acquire("p2");
        slots.acquire("p3");

        assertThatThrownBy(() -> slots.acquire("p4")).isInstanceOf(ExportSlots.Busy.class)
                .hasMessageContaining("the server already runs 3 exports");
        first.close();
        first.close();
        assertThat(slots.running()).as("a slot closed twice frees one place").isEqualTo(2);
        slots.acquire("p4");
        assertThatThrownBy(() -> slots.acquire("p1")).isInstanceOf(ExportSlots.Busy.class);
    }

    @Test
    void manyCallersAtOnceNeverRunMoreThanTheLimits() throws Exception {
        ExportSlots slots = new ExportSlots(2, 3);
        int callers = 24;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch allTried = new CountDownLatch(callers);
        AtomicInteger refused = new AtomicInteger();
        List<Future<ExportSlots.Slot>> taken = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                String project = "p" + (i % 4);
                taken.add(threads.submit(() -> {
                    start.await();
                    try {
                        return slots.acquire(project);
                    } catch (ExportSlots.Busy busy) {
                        refused.incrementAndGet();
                        return null;
                    } finally {
                        allTried.countDown();
                    }
                }));
            }
            start.countDown();
            assertThat(allTried.await(30, TimeUnit.SECONDS)).isTrue();
            List<ExportSlots.Slot> held = new ArrayList<>();
            for (Future<ExportSlots.Slot> future : taken) {
                ExportSlots.Slot slot = future.get(30, TimeUnit.SECONDS);
                if (slot != null) {
                    held.add(slot);
                }
            }
            assertThat(held).hasSize(3);
            assertThat(refused.get()).isEqualTo(callers - 3);
            held.forEach(ExportSlots.Slot::close);
            assertThat(slots.running()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }
}
