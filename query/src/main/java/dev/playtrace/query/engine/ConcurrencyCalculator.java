package dev.playtrace.query.engine;

import dev.playtrace.model.Dimension;
import dev.playtrace.query.ConcurrencyPoint;
import dev.playtrace.query.ConcurrencyQuery;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.sql.ActiveWindow;
import dev.playtrace.query.sql.QuerySqlGenerator;
import dev.playtrace.store.spi.StoreRow;
import dev.playtrace.store.spi.ViewStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.playtrace.query.sql.ResultColumns.ACTIVE_MS;
import static dev.playtrace.query.sql.ResultColumns.END_INSTANT;
import static dev.playtrace.query.sql.ResultColumns.END_SAMPLE;
import static dev.playtrace.query.sql.ResultColumns.FIELD;
import static dev.playtrace.query.sql.ResultColumns.FIRST_BUCKET;
import static dev.playtrace.query.sql.ResultColumns.FIRST_INSTANT;
import static dev.playtrace.query.sql.ResultColumns.FIRST_SAMPLE;
import static dev.playtrace.query.sql.ResultColumns.FROM_OFFSET_MS;
import static dev.playtrace.query.sql.ResultColumns.LAST_BUCKET;
import static dev.playtrace.query.sql.ResultColumns.TOTAL_PLAYING_TIME_MS;
import static dev.playtrace.query.sql.ResultColumns.TOTAL_WATCH_TIME_MS;
import static dev.playtrace.query.sql.ResultColumns.TO_OFFSET_MS;
import static dev.playtrace.query.sql.ResultColumns.VIEW_COUNT;

/**
 * Computes {@code concurrent_viewers}. The store returns grouped active intervals; this class turns them into exact
 * time-averages ({@code Σ active time in the window / window length}), per-minute sample maxima and counts at
 * evenly spaced instants.
 */
final class ConcurrencyCalculator {
    private final ViewStore store;
    private final QuerySqlGenerator sql;

    ConcurrencyCalculator(ViewStore store, QuerySqlGenerator sql) {
        this.store = store;
        this.sql = sql;
    }

    /**
     * Views active at each instant of the query, from one statement: each row says which run of instants a set of
     * views covers, and the counts per instant are summed from those runs.
     */
    List<ConcurrencyPoint> atInstants(ConcurrencyQuery query) {
        int count = query.instantCount();
        if (count == 0) {
            return List.of();
        }
        InstantCounts active = instantCounts(store.select(sql.activeAtInstants(query.projectId(),
                query.firstInstantMs(), query.stepMs(), count, query.filters(), query.groupBy())), query);
        InstantCounts startingUp = query.startingUp()
                ? instantCounts(store.select(sql.startingUpAtInstants(query.projectId(), query.firstInstantMs(),
                        query.stepMs(), count, query.filters(), query.groupBy())), query)
                : new InstantCounts(new long[count], Map.of());
        List<String> groupValues = new ArrayList<>(active.perGroup().keySet());
        startingUp.perGroup().keySet().stream().filter(group -> !active.perGroup().containsKey(group))
                .forEach(groupValues::add);
        long[] none = new long[count];
        List<ConcurrencyPoint> points = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            List<ConcurrencyPoint.GroupCount> groups = new ArrayList<>();
            for (String group : groupValues) {
                long viewers = active.perGroup().getOrDefault(group, none)[k];
                long starting = startingUp.perGroup().getOrDefault(group, none)[k];
                if (viewers > 0 || starting > 0) {
                    groups.add(new ConcurrencyPoint.GroupCount(group, viewers, starting));
                }
            }
            groups.sort(Comparator.comparingLong(ConcurrencyPoint.GroupCount::viewers).reversed()
                    .thenComparing(Comparator.comparingLong(ConcurrencyPoint.GroupCount::startingUpViewers).reversed())
                    .thenComparing(ConcurrencyPoint.GroupCount::value));
            List<ConcurrencyPoint.GroupCount> top = groups.subList(0, Math.min(groups.size(), query.groupsPerInstant()));
            points.add(new ConcurrencyPoint(query.instantMs(k), active.totals()[k], startingUp.totals()[k], null, top));
        }
        return points;
    }

    /** Counts per instant, in all and per group, from rows of ([group,] first instant, end instant, views). */
    private static InstantCounts instantCounts(List<StoreRow> rows, ConcurrencyQuery query) {
        int count = query.instantCount();
        long[] totals = sampleCounts(rows, FIRST_INSTANT, END_INSTANT, count);
        Map<String, long[]> perGroup = new LinkedHashMap<>();
        if (query.groupBy() != null) {
            Map<String, List<StoreRow>> rowsByGroup = new LinkedHashMap<>();
            for (StoreRow row : rows) {
                rowsByGroup.computeIfAbsent(row.text(FIELD), group -> new ArrayList<>()).add(row);
            }
            rowsByGroup.forEach((group, groupRows) ->
                    perGroup.put(group, sampleCounts(groupRows, FIRST_INSTANT, END_INSTANT, count)));
        }
        return new InstantCounts(totals, perGroup);
    }

    private record InstantCounts(long[] totals, Map<String, long[]> perGroup) {
    }

    /** Over the window; views are the views active at some time in it. */
    Stats overall(ActiveWindow window, Measurement measurement) {
        StoreRow totals = single(store.select(sql.activeTotals(window)));
        long activeMs = totals.longOrZero(ACTIVE_MS);
        Double value = switch (measurement) {
            case AVG -> window.lengthMs() == 0 ? null : (double) activeMs / window.lengthMs();
            case MAX -> maxOfSamples(store.select(sql.activeSamples(window, null)), sampleCount(window));
            case MEDIAN, P95, P99, SUM, COUNT -> throw unsupported(measurement);
        };
        return new Stats(value, totals.longOrZero(VIEW_COUNT), totals.longOrZero(TOTAL_WATCH_TIME_MS),
                totals.longOrZero(TOTAL_PLAYING_TIME_MS));
    }

    /** Per dimension value over the window (null values left out). */
    Map<String, Stats> byGroup(ActiveWindow window, Dimension dimension, Measurement measurement) {
        Map<String, List<StoreRow>> samplesByField = new LinkedHashMap<>();
        if (measurement == Measurement.MAX) {
            for (StoreRow row : store.select(sql.activeSamples(window, dimension))) {
                samplesByField.computeIfAbsent(row.text(FIELD), field -> new ArrayList<>()).add(row);
            }
        }
        Map<String, Stats> groups = new LinkedHashMap<>();
        for (StoreRow row : store.select(sql.activeByGroup(window, dimension))) {
            String field = row.text(FIELD);
            long activeMs = row.longOrZero(ACTIVE_MS);
            Double value = switch (measurement) {
                case AVG -> window.lengthMs() == 0 ? null : (double) activeMs / window.lengthMs();
                case MAX -> maxOfSamples(samplesByField.getOrDefault(field, List.of()), sampleCount(window));
                case MEDIAN, P95, P99, SUM, COUNT -> throw unsupported(measurement);
            };
            groups.put(field, new Stats(value, row.longOrZero(VIEW_COUNT), row.longOrZero(TOTAL_WATCH_TIME_MS),
                    row.longOrZero(TOTAL_PLAYING_TIME_MS)));
        }
        return groups;
    }

    /**
     * One value per bucket of the grid. A bucket's window is the bucket cut to the query window; avg spreads each
     * view's active time exactly over the buckets it overlaps, max takes the largest of the window's minute samples
     * that fall in the bucket (null when none does). Views are those active at some time in the bucket's window.
     */
    List<Stats> timeseries(ActiveWindow window, Measurement measurement, BucketGrid grid) {
        int count = grid.count();
        double[] activeMs = new double[count];
        long[] viewsDelta = new long[count + 1];
        long[] fullBucketsDelta = new long[count + 1];
        for (StoreRow row : store.select(sql.activeSpans(window, grid.widthMs()))) {
            int first = grid.indexOfBucketNumber(row.longOrZero(FIRST_BUCKET));
            int last = grid.indexOfBucketNumber(row.longOrZero(LAST_BUCKET));
            long views = row.longOrZero(VIEW_COUNT);
            if (first < 0 || last < 0) {
                throw new IllegalStateException("active interval outside the bucket grid");
            }
            viewsDelta[first] += views;
            viewsDelta[last + 1] -= views;
            if (first == last) {
                activeMs[first] += row.longOrZero(ACTIVE_MS);
            } else {
                activeMs[first] += (double) views * grid.widthMs() - row.longOrZero(FROM_OFFSET_MS);
                activeMs[last] += row.longOrZero(TO_OFFSET_MS);
                fullBucketsDelta[first + 1] += views;
                fullBucketsDelta[last] -= views;
            }
        }
        long[] sampleMax = measurement == Measurement.MAX ? sampleMaxPerBucket(window, grid) : null;
        List<Stats> buckets = new ArrayList<>(count);
        long views = 0;
        long fullViews = 0;
        for (int i = 0; i < count; i++) {
            views += viewsDelta[i];
            fullViews += fullBucketsDelta[i];
            long bucketFrom = Math.max(grid.startMs(i), window.fromMs());
            long bucketTo = Math.min(grid.startMs(i) + grid.widthMs(), window.toMs());
            long lengthMs = Math.max(0, bucketTo - bucketFrom);
            double bucketActiveMs = activeMs[i] + (double) fullViews * grid.widthMs();
            Double value = switch (measurement) {
                case AVG -> lengthMs == 0 ? null : bucketActiveMs / lengthMs;
                case MAX -> sampleMax[i] < 0 ? null : (double) sampleMax[i];
                case MEDIAN, P95, P99, SUM, COUNT -> throw unsupported(measurement);
            };
            buckets.add(new Stats(value, views, 0, 0));
        }
        return buckets;
    }

    /** Per bucket, the largest sample count, or -1 when no sample falls in the bucket. */
    private long[] sampleMaxPerBucket(ActiveWindow window, BucketGrid grid) {
        int samples = sampleCount(window);
        long[] counts = sampleCounts(store.select(sql.activeSamples(window, null)), FIRST_SAMPLE, END_SAMPLE, samples);
        long[] max = new long[grid.count()];
        java.util.Arrays.fill(max, -1);
        for (int k = 0; k < samples; k++) {
            int bucket = grid.indexOfTime(window.fromMs() + k * QuerySqlGenerator.SAMPLE_INTERVAL_MS);
            if (bucket >= 0) {
                max[bucket] = Math.max(max[bucket], counts[k]);
            }
        }
        return max;
    }

    private static Double maxOfSamples(List<StoreRow> rows, int samples) {
        if (samples == 0) {
            return null;
        }
        long[] counts = sampleCounts(rows, FIRST_SAMPLE, END_SAMPLE, samples);
        long max = 0;
        for (long count : counts) {
            max = Math.max(max, count);
        }
        return (double) max;
    }

    /** Active views at each sample, from rows of (first sample, end sample exclusive, views). */
    private static long[] sampleCounts(List<StoreRow> rows, String firstColumn, String endColumn, int samples) {
        long[] delta = new long[samples + 1];
        for (StoreRow row : rows) {
            int first = clamp(row.longOrZero(firstColumn), samples);
            int end = clamp(row.longOrZero(endColumn), samples);
            long views = row.longOrZero(VIEW_COUNT);
            delta[first] += views;
            delta[end] -= views;
        }
        long[] counts = new long[samples];
        long running = 0;
        for (int k = 0; k < samples; k++) {
            running += delta[k];
            counts[k] = running;
        }
        return counts;
    }

    private static int sampleCount(ActiveWindow window) {
        return Math.toIntExact(Math.ceilDiv(window.lengthMs(), QuerySqlGenerator.SAMPLE_INTERVAL_MS));
    }

    private static int clamp(long sample, int samples) {
        return (int) Math.max(0, Math.min(sample, samples));
    }

    private static StoreRow single(List<StoreRow> rows) {
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size());
        }
        return rows.getFirst();
    }

    private static IllegalStateException unsupported(Measurement measurement) {
        return new IllegalStateException("concurrency cannot be computed as " + measurement.wireName());
    }
}
