package dev.playtrace.store.clickhouse;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes this store's read-check-write operations (compare-and-set, unique keys, one open incident per rule):
 * ClickHouse has neither transactions nor unique constraints, so the check and the insert are made atomic here, in
 * the process. That is exact for every caller of one store; two processes on one database are not serialized with
 * each other (docs/scale-out.md says what that means for rate limits and tokens).
 */
final class CheckThenWrite {
    private final ReentrantLock lock = new ReentrantLock();

    <T> T run(Supplier<T> operation) {
        lock.lock();
        try {
            return operation.get();
        } finally {
            lock.unlock();
        }
    }
}
