package dev.playtrace.store.duckdb;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import org.duckdb.DuckDBConnection;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections to one DuckDB database: one writer connection used under a lock (writes come from one flusher
 * thread, the lock only guards against a second writer), and a small pool of reader connections for concurrent
 * queries. All are {@link DuckDBConnection#duplicate() duplicates} of one root connection, so they share the
 * database, including an in-memory one.
 */
final class DuckDbConnections implements AutoCloseable {
    /** Reads that may wait per reader connection before the store answers busy. */
    static final int WAITING_READS_PER_READER = 16;

    private final DuckDBConnection root;
    private final DuckDBConnection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<DuckDBConnection> readers = new ArrayList<>();
    private final BlockingQueue<DuckDBConnection> idleReaders;
    private final ThreadPoolExecutor readPool;
    private final Runnable afterCommit;
    private final LongAdder cancelledReads = new LongAdder();
    private volatile boolean closed;

    /** {@code afterCommit} runs on the writing thread after each committed write (the store narrows the WAL's mode). */
    DuckDbConnections(String jdbcUrl, int readerCount, Runnable afterCommit) throws SQLException {
        this(jdbcUrl, readerCount, readerCount * WAITING_READS_PER_READER, afterCommit);
    }

    /**
     * @param waitingReads how many reads may wait for a reader; past that a read fails at once with
     *                     {@link ErrorCode#STORE_BUSY} (a 503 the client may retry) instead of queueing without bound
     */
    DuckDbConnections(String jdbcUrl, int readerCount, int waitingReads, Runnable afterCommit) throws SQLException {
        this.afterCommit = afterCommit;
        // :TRICKY: DuckDB's JDBC calls are native; on a virtual thread they pin its carrier, and two long queries on
        // two cores starve every request. Reads run on these platform threads; the caller's virtual thread only waits.
        this.readPool = new ThreadPoolExecutor(readerCount, readerCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, waitingReads)), runnable -> {
                    Thread thread = new Thread(runnable, "playtrace-store-read");
                    thread.setDaemon(true);
                    return thread;
                });
        this.root = (DuckDBConnection) DriverManager.getConnection(jdbcUrl);
        this.writer = (DuckDBConnection) root.duplicate();
        this.idleReaders = new ArrayBlockingQueue<>(readerCount);
        for (int i = 0; i < readerCount; i++) {
            DuckDBConnection reader = (DuckDBConnection) root.duplicate();
            readers.add(reader);
            idleReaders.add(reader);
        }
    }

    /**
     * Runs a read on a pooled connection, on one of the store's platform threads; the caller waits. A read that
     * finds every reader busy and the waiting queue full fails at once ({@link ErrorCode#STORE_BUSY}); a statement
     * that runs past its query timeout is cancelled in DuckDB ({@link ErrorCode#QUERY_TIMEOUT}).
     */
    <T> T read(SqlWork<DuckDBConnection, T> work) {
        ensureOpen();
        Future<T> result;
        RunningStatement running = new RunningStatement();
        try {
            result = readPool.submit(() -> running.runOnThisThread(() -> readOnPooledConnection(work)));
        } catch (RejectedExecutionException e) {
            throw new PlaytraceException(ErrorCode.STORE_BUSY, "the store is busy: " + readPool.getActiveCount()
                    + " queries are running and " + readPool.getQueue().size() + " waiting; try again shortly");
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            // the caller gave up (its client went away): the statement is cancelled in DuckDB, the reader freed;
            // counted first, so that whoever sees the reader free also sees the count
            cancelledReads.increment();
            running.cancel();
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLTimeoutException timeout) {
                throw new PlaytraceException(ErrorCode.QUERY_TIMEOUT, "the query ran longer than "
                        + JdbcRows.QUERY_TIMEOUT_SECONDS + " s and was cancelled; ask for a shorter window or fewer groups",
                        timeout);
            }
            if (cause instanceof SQLException failure) {
                throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the store failed to read", failure);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the store failed to read", cause);
        }
    }

    private <T> T readOnPooledConnection(SqlWork<DuckDBConnection, T> work) throws SQLException {
        DuckDBConnection connection = borrowReader();
        try {
            return work.run(connection);
        } finally {
            idleReaders.add(connection);
        }
    }

    /** Reads running now. */
    int runningReads() {
        return readPool.getActiveCount();
    }

    /** Reads waiting for a reader. */
    int waitingReads() {
        return readPool.getQueue().size();
    }

    /** Reads cancelled so far because their caller stopped waiting. */
    long cancelledReads() {
        return cancelledReads.sum();
    }

    /**
     * Runs writes on the writer connection in one transaction, committed when the work returns. The transaction is
     * begun explicitly: with JDBC's autocommit off, DuckDB begins it only at the first statement, and an Appender
     * used before any statement would commit its rows on its own, outside the transaction.
     */
    <T> T write(SqlWork<DuckDBConnection, T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            try {
                execute("BEGIN TRANSACTION");
                T result = work.run(writer);
                execute("COMMIT");
                afterCommit.run();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(e);
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the store failed to write", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A new connection to the same database, which the caller closes; for work that manages its own transactions
     * before the store is in use (schema migrations).
     */
    DuckDBConnection newConnection() throws SQLException {
        ensureOpen();
        return (DuckDBConnection) root.duplicate();
    }

    /** Closes every connection without a checkpoint, for a store that failed to open. */
    void discard() {
        writeLock.lock();
        try {
            if (!closed) {
                closed = true;
            readPool.shutdownNow();
                closeQuietly();
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            readPool.shutdownNow();
            try (Statement statement = writer.createStatement()) {
                statement.execute("CHECKPOINT");
            } catch (SQLException e) {
                throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the store failed to checkpoint", e);
            } finally {
                closeQuietly();
            }
        } finally {
            writeLock.unlock();
        }
    }

    private DuckDBConnection borrowReader() {
        ensureOpen();
        try {
            return idleReaders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "interrupted while waiting for a store connection", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the store is closed");
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            statement.execute(sql);
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            execute("ROLLBACK");
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private void closeQuietly() {
        for (DuckDBConnection connection : readers) {
            closeQuietly(connection);
        }
        closeQuietly(writer);
        closeQuietly(root);
    }

    private static void closeQuietly(DuckDBConnection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: nothing useful to do with a failure here.
        }
    }
}
