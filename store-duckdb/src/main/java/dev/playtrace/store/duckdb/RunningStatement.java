package dev.playtrace.store.duckdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

/**
 * The statement one store read is running, so that a read whose caller gave up (its HTTP client went away) is
 * cancelled inside DuckDB instead of running to its end: interrupting the read's thread stops nothing in native code.
 * The read's platform thread carries its {@code RunningStatement} while it runs; {@link JdbcRows} reports each statement
 * it executes there.
 */
final class RunningStatement {
    private static final ThreadLocal<RunningStatement> OF_THREAD = new ThreadLocal<>();

    private Statement statement;
    private boolean cancelled;

    /** Runs {@code work} on this thread with this as its running statement. */
    <T> T runOnThisThread(Callable<T> work) throws Exception {
        OF_THREAD.set(this);
        try {
            return work.call();
        } finally {
            OF_THREAD.remove();
        }
    }

    /** Called by the code that is about to execute {@code started} on a read thread; fails if the read was cancelled. */
    static void started(Statement started) throws SQLException {
        RunningStatement running = OF_THREAD.get();
        if (running != null) {
            running.start(started);
        }
    }

    static void finished() {
        RunningStatement running = OF_THREAD.get();
        if (running != null) {
            running.finish();
        }
    }

    private synchronized void start(Statement started) throws SQLException {
        if (cancelled) {
            throw new SQLException("the read was cancelled: its caller gave up");
        }
        statement = started;
    }

    private synchronized void finish() {
        statement = null;
    }

    /** Cancels the statement running now, and every later one of this read. */
    synchronized void cancel() {
        cancelled = true;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException ignored) {
                // the statement ended meanwhile: nothing left to cancel
            }
        }
    }
}
