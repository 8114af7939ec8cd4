package dev.playtrace.server.exports;

import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Limits how many exports run at once, per project and on the whole server. An export holds its slot from the
 * store's write of the file until the file is sent and deleted, since that is when it costs CPU and disk: a dozen
 * concurrent day-long exports would otherwise fill the export directory and starve queries. Past a limit the
 * request is refused at once ({@link Busy}: 429 with Retry-After), never queued behind exports of unknown length.
 */
public final class ExportSlots {
    /** A project's exports at once: a person's download and a script's, or two tables. */
    public static final int DEFAULT_PER_PROJECT = 2;
    /** The server's exports at once: two cores per COPY is what DuckDB uses well. */
    public static final int DEFAULT_TOTAL = 4;
    /** The hint a refused client gets: a day of views takes seconds to write, not minutes. */
    static final long RETRY_AFTER_SECONDS = 10;

    private final int perProject;
    private final int total;
    private final Map<String, Integer> runningByProject = new HashMap<>();
    private int running;

    public ExportSlots(int perProject, int total) {
        if (perProject < 1 || total < 1) {
            throw new IllegalArgumentException("export limits must be at least 1");
        }
        this.perProject = perProject;
        this.total = total;
    }

    public static ExportSlots standard() {
        return new ExportSlots(DEFAULT_PER_PROJECT, DEFAULT_TOTAL);
    }

    /** A running export's slot; closing it frees the slot (once). */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Refused because a limit is reached; the message says which. */
    public static final class Busy extends PlaytraceException {
        private final long retryAfterSeconds;

        Busy(String message, long retryAfterSeconds) {
            super(ErrorCode.RATE_LIMITED, message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /**
     * Takes a slot for one of the project's exports.
     *
     * @throws Busy when the project or the server runs as many exports as it may
     */
    public synchronized Slot acquire(String projectId) {
        int ofProject = runningByProject.getOrDefault(projectId, 0);
        if (ofProject >= perProject) {
            throw new Busy("this project already runs " + ofProject + " exports, the most it may run at once;"
                    + " retry after " + RETRY_AFTER_SECONDS + " s, when one has finished", RETRY_AFTER_SECONDS);
        }
        if (running >= total) {
            throw new Busy("the server already runs " + running + " exports, the most it runs at once; retry after "
                    + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
        }
        runningByProject.put(projectId, ofProject + 1);
        running++;
        return new ProjectSlot(projectId);
    }

    private synchronized void release(String projectId) {
        runningByProject.merge(projectId, -1, (before, change) -> before + change == 0 ? null : before + change);
        running--;
    }

    private final class ProjectSlot implements Slot {
        private final String projectId;
        private final AtomicBoolean released = new AtomicBoolean();

        ProjectSlot(String projectId) {
            this.projectId = projectId;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(projectId);
            }
        }
    }

    /** Exports running now, on the whole server. */
    public synchronized int running() {
        return running;
    }
}
