package dev.playtrace.store.duckdb;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import org.duckdb.DuckDBConnection;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections to one DuckDB database: one writer connection used under a lock (writes come from one flusher
 * thread, the lock only guards against a second writer), and a small pool of reader connections for concurrent
 * queries. All are {@link DuckDBConnection#duplicate() duplicates} of one root connection, so they share the
 * database, including an in-memory one.
 */
final class DuckDbConnections implements AutoCloseable {
    private final DuckDBConnection root;
    private final DuckDBConnection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<DuckDBConnection> readers = new ArrayList<>();
    private final BlockingQueue<DuckDBConnection> idleReaders;
    private final Runnable afterCommit;
    private volatile boolean closed;

    /** {@code afterCommit} runs on the writing thread after each committed write (the store narrows the WAL's mode). */
    DuckDbConnections(String jdbcUrl, int readerCount, Runnable afterCommit) throws SQLException {
        this.afterCommit = afterCommit;
        this.root = (DuckDBConnection) DriverManager.getConnection(jdbcUrl);
        this.writer = (DuckDBConnection) root.duplicate();
        this.idleReaders = new ArrayBlockingQueue<>(readerCount);
        for (int i = 0; i < readerCount; i++) {
            DuckDBConnection reader = (DuckDBConnection) root.duplicate();
            readers.add(reader);
            idleReaders.add(reader);
        }
    }

    /** Runs reads on a pooled connection; waits while every reader is busy. */
    <T> T read(SqlWork<DuckDBConnection, T> work) {
        DuckDBConnection connection = borrowReader();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PlaytraceException(ErrorCode.STORE_FAILURE, "the store failed to read", e);
        } finally {
            idleReaders.add(connection);
        }
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
