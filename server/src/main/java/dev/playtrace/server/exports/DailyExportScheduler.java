package dev.playtrace.server.exports;

import dev.playtrace.model.Project;
import dev.playtrace.query.sql.ExportSqlGenerator;
import dev.playtrace.query.sql.ResultColumns;
import dev.playtrace.query.sql.ViewSelection;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Exports each project's UTC days once they are closed ({@link DailyExporter}), checking once a minute.
 *
 * <p>When a day is closed: views are selected by play request time, and a view's row is final once the sessionizer
 * closed it, which it does {@code viewTimeout} after the view's last event. So day D is first considered at
 * {@code D+1 00:00 UTC + viewTimeout + flushPeriod + 1 minute} (the view timeout, one flush to write the closed
 * views, and a minute for beacons that were in flight or retried), and exported then if none of its views is still
 * open; a view still open then is one that keeps playing past midnight, so the day waits for those until at most
 * {@link #MAX_WAIT_FOR_OPEN_VIEWS} after midnight, then is written with such views as they stand ({@code closed}
 * false). Days without a manifest are caught up, from the project's creation day on, at most
 * {@link #CATCH_UP_DAYS} back; older days are for {@code playtrace export}.
 */
public final class DailyExportScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DailyExportScheduler.class.getName());
    public static final Duration MAX_WAIT_FOR_OPEN_VIEWS = Duration.ofHours(6);
    public static final int CATCH_UP_DAYS = 7;
    private static final Duration IN_FLIGHT_MARGIN = Duration.ofMinutes(1);
    private static final Duration CHECK_PERIOD = Duration.ofMinutes(1);

    private final DailyExporter exporter;
    private final ExportSqlGenerator generator;
    private final ProjectRepository projects;
    private final ViewStore views;
    private final Clock clock;
    private final DailyExportSettings settings;
    private final Duration settle;
    private final Object lifecycle = new Object();
    private ScheduledExecutorService executor;

    public DailyExportScheduler(DailyExporter exporter, ExportSqlGenerator generator, ProjectRepository projects,
            ViewStore views, Clock clock, DailyExportSettings settings, Duration viewTimeout, Duration flushPeriod) {
        this.exporter = requireNonNull(exporter, "exporter is null");
        this.generator = requireNonNull(generator, "generator is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.views = requireNonNull(views, "views is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.settle = viewTimeout.plus(flushPeriod).plus(IN_FLIGHT_MARGIN);
    }

    /** Checks now and then once a minute on a thread of its own. */
    public void start() {
        synchronized (lifecycle) {
            if (executor != null) {
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "playtrace-daily-export");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(this::runDueQuietly, 0, CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** How long after midnight UTC a day is first considered. */
    public Duration settle() {
        return settle;
    }

    /**
     * Exports every day that is due and has no manifest yet, for every project, and returns the manifests written.
     * The periodic check calls this; tests call it with a clock they move.
     */
    public synchronized List<DayManifest> runDue() {
        Instant now = clock.instant();
        List<DayManifest> written = new ArrayList<>();
        for (Project project : projects.listProjects()) {
            try {
                for (LocalDate day : dueDays(project, now)) {
                    DayManifest manifest = exporter.export(project.id(), day, settings.directory(), settings.format());
                    LOG.info(() -> "exported " + project.id() + " " + day + ": " + manifest.rows(ExportTable.VIEWS)
                            + " views, " + manifest.rows(ExportTable.EVENTS) + " events");
                    written.add(manifest);
                }
            } catch (RuntimeException e) {
                // this project's day keeps no manifest and is tried again at the next check; other projects go on
                LOG.log(Level.SEVERE, "the daily export of " + project.id() + " failed; retrying at the next check", e);
            }
        }
        return written;
    }

    private List<LocalDate> dueDays(Project project, Instant now) {
        LocalDate lastClosed = LocalDate.ofInstant(now.minus(settle), ZoneOffset.UTC).minusDays(1);
        LocalDate created = LocalDate.ofInstant(Instant.ofEpochMilli(project.createdAtMs()), ZoneOffset.UTC);
        LocalDate first = lastClosed.minusDays(CATCH_UP_DAYS - 1L);
        if (created.isAfter(first)) {
            first = created;
        }
        List<LocalDate> due = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(lastClosed); day = day.plusDays(1)) {
            if (!DailyExporter.isExported(settings.directory(), project.id(), day) && viewsSettled(project, day, now)) {
                due.add(day);
            }
        }
        return due;
    }

    private boolean viewsSettled(Project project, LocalDate day, Instant now) {
        Instant midnight = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        if (!now.isBefore(midnight.plus(MAX_WAIT_FOR_OPEN_VIEWS))) {
            return true;
        }
        StoreRow row = views.select(generator.openViewCount(
                new ViewSelection(project.id(), DailyExporter.range(day), List.of()))).getFirst();
        return row.longOrZero(ResultColumns.VIEW_COUNT) == 0;
    }

    private void runDueQuietly() {
        try {
            runDue();
        } catch (RuntimeException e) {
            // the day has no manifest, so the next check tries it again
            LOG.log(Level.SEVERE, "the daily export failed; retrying at the next check", e);
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (lifecycle) {
            running = executor;
        }
        if (running == null) {
            return;
        }
        // an export under way finishes (the store is still open); its day has no manifest otherwise
        running.shutdown();
        try {
            if (!running.awaitTermination(5, TimeUnit.MINUTES)) {
                LOG.warning("the daily export did not stop within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
