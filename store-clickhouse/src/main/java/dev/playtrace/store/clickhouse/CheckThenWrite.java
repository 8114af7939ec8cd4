package dev.playtrace.store.clickhouse;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes this store's read-check-write operations in the process. For compare-and-set, unique job ids, token
 * revocation and the one open incident per rule, {@link Claims} makes them exact across processes, and this lock
 * only keeps one process's callers from racing each other there (fewer lost claims). An ingest key's uniqueness and
 * category ids are exact through this lock alone, so within one process (docs/scale-out.md).
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
