package dev.playtrace.query.engine;

import dev.playtrace.model.Dimension;
import dev.playtrace.query.ConcurrencyPoint;
import dev.playtrace.query.ConcurrencyQuery;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.sql.ActiveWindow;
import dev.playtrace.query.sql.QuerySqlGenerator;
import dev.playtrace.store.spi.ViewStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.playtrace.store.spi.RowValues.longOrZero;
import static dev.playtrace.store.spi.RowValues.text;

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
        List<Object[]> rows = store.select(sql.activeAtInstants(query.projectId(), query.firstInstantMs(),
                query.stepMs(), count, query.filters(), query.groupBy()));
        int firstColumn = query.groupBy() == null ? 0 : 1;
        long[] totals = sampleCounts(rows, firstColumn, count);
        Map<String, long[]> perGroup = new LinkedHashMap<>();
        if (query.groupBy() != null) {
            Map<String, List<Object[]>> rowsByGroup = new LinkedHashMap<>();
            for (Object[] row : rows) {
                rowsByGroup.computeIfAbsent(text(row[0]), group -> new ArrayList<>()).add(row);
            }
            rowsByGroup.forEach((group, groupRows) -> perGroup.put(group, sampleCounts(groupRows, 1, count)));
        }
        List<ConcurrencyPoint> points = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            List<ConcurrencyPoint.GroupCount> groups = new ArrayList<>();
            for (Map.Entry<String, long[]> group : perGroup.entrySet()) {
                if (group.getValue()[k] > 0) {
                    groups.add(new ConcurrencyPoint.GroupCount(group.getKey(), group.getValue()[k]));
                }
            }
            groups.sort(Comparator.comparingLong(ConcurrencyPoint.GroupCount::viewers).reversed()
                    .thenComparing(ConcurrencyPoint.GroupCount::value));
            List<ConcurrencyPoint.GroupCount> top = groups.subList(0, Math.min(groups.size(), query.groupsPerInstant()));
            points.add(new ConcurrencyPoint(query.instantMs(k), totals[k], top));
        }
        return points;
    }

    /** Over the window; views are the views active at some time in it. */
    Stats overall(ActiveWindow window, Measurement measurement) {
        Object[] totals = single(store.select(sql.activeTotals(window)));
        long activeMs = longOrZero(totals[1]);
        Double value = switch (measurement) {
            case AVG -> window.lengthMs() == 0 ? null : (double) activeMs / window.lengthMs();
            case MAX -> maxOfSamples(store.select(sql.activeSamples(window, null)), 0, sampleCount(window));
            case MEDIAN, P95, P99, SUM, COUNT -> throw unsupported(measurement);
        };
        return new Stats(value, longOrZero(totals[0]), longOrZero(totals[2]), longOrZero(totals[3]));
    }

    /** Per dimension value over the window (null values left out). */
    Map<String, Stats> byGroup(ActiveWindow window, Dimension dimension, Measurement measurement) {
        Map<String, List<Object[]>> samplesByField = new LinkedHashMap<>();
        if (measurement == Measurement.MAX) {
            for (Object[] row : store.select(sql.activeSamples(window, dimension))) {
                samplesByField.computeIfAbsent(text(row[0]), field -> new ArrayList<>()).add(row);
            }
        }
        Map<String, Stats> groups = new LinkedHashMap<>();
        for (Object[] row : store.select(sql.activeByGroup(window, dimension))) {
            String field = text(row[0]);
            long activeMs = longOrZero(row[2]);
            Double value = switch (measurement) {
                case AVG -> window.lengthMs() == 0 ? null : (double) activeMs / window.lengthMs();
                case MAX -> maxOfSamples(samplesByField.getOrDefault(field, List.of()), 1, sampleCount(window));
                case MEDIAN, P95, P99, SUM, COUNT -> throw unsupported(measurement);
            };
            groups.put(field, new Stats(value, longOrZero(row[1]), longOrZero(row[3]), longOrZero(row[4])));
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
        for (Object[] row : store.select(sql.activeSpans(window, grid.widthMs()))) {
            int first = grid.indexOfBucketNumber(longOrZero(row[0]));
            int last = grid.indexOfBucketNumber(longOrZero(row[1]));
            long views = longOrZero(row[2]);
            if (first < 0 || last < 0) {
                throw new IllegalStateException("active interval outside the bucket grid");
            }
            viewsDelta[first] += views;
            viewsDelta[last + 1] -= views;
            if (first == last) {
                activeMs[first] += longOrZero(row[5]);
            } else {
                activeMs[first] += (double) views * grid.widthMs() - longOrZero(row[3]);
                activeMs[last] += longOrZero(row[4]);
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
        long[] counts = sampleCounts(store.select(sql.activeSamples(window, null)), 0, samples);
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

    private static Double maxOfSamples(List<Object[]> rows, int firstColumn, int samples) {
        if (samples == 0) {
            return null;
        }
        long[] counts = sampleCounts(rows, firstColumn, samples);
        long max = 0;
        for (long count : counts) {
            max = Math.max(max, count);
        }
        return (double) max;
    }

    /** Active views at each sample, from rows of (first sample, end sample exclusive, views) starting at the column. */
    private static long[] sampleCounts(List<Object[]> rows, int firstColumn, int samples) {
        long[] delta = new long[samples + 1];
        for (Object[] row : rows) {
            int first = clamp(longOrZero(row[firstColumn]), samples);
            int end = clamp(longOrZero(row[firstColumn + 1]), samples);
            long views = longOrZero(row[firstColumn + 2]);
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

    private static Object[] single(List<Object[]> rows) {
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size());
        }
        return rows.getFirst();
    }

    private static IllegalStateException unsupported(Measurement measurement) {
        return new IllegalStateException("concurrency cannot be computed as " + measurement.wireName());
    }
}
