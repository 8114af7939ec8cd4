package dev.playtrace.query.engine;

import dev.playtrace.model.Dimension;
import dev.playtrace.query.GroupRow;
import dev.playtrace.query.Measurement;
import dev.playtrace.query.MetricValue;
import dev.playtrace.query.TimeBucket;
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
 * time-averages ({@code Σ active time in the window / window length}) and per-minute sample maxima.
 */
final class ConcurrencyCalculator {
    private final ViewStore store;
    private final QuerySqlGenerator sql;

    ConcurrencyCalculator(ViewStore store, QuerySqlGenerator sql) {
        this.store = store;
        this.sql = sql;
    }

    /** Views active at the instant. */
    long at(ActiveWindow instant) {
        return longOrZero(single(store.select(sql.activeTotals(instant)))[0]);
    }

    /** Views active at the instant per dimension value, largest first, ranked 1.. in that order. */
    List<GroupRow> atByGroup(ActiveWindow instant, Dimension dimension) {
        List<GroupStats> groups = new ArrayList<>();
        for (Object[] row : store.select(sql.activeByGroup(instant, dimension))) {
            long views = longOrZero(row[1]);
            groups.add(new GroupStats(text(row[0]), (double) views, views, longOrZero(row[3]), longOrZero(row[4])));
        }
        groups.sort(Comparator.comparingLong(GroupStats::views).reversed().thenComparing(GroupStats::field));
        List<GroupRow> rows = new ArrayList<>();
        for (GroupStats group : groups) {
            rows.add(new GroupRow(group.field(), group.value(), group.views(), group.watchTimeMs(),
                    group.playingTimeMs(), rows.size() + 1));
        }
        return rows;
    }

    /** Over the window; views are the views active at some time in it. */
    MetricValue overall(ActiveWindow window, Measurement measurement) {
        Object[] totals = single(store.select(sql.activeTotals(window)));
        long activeMs = longOrZero(totals[1]);
        Double value = switch (measurement) {
            case AVG -> window.lengthMs() == 0 ? null : (double) activeMs / window.lengthMs();
            case MAX -> maxOfSamples(store.select(sql.activeSamples(window, null)), 0, sampleCount(window));
            case MEDIAN, P95, P99, SUM, COUNT -> throw unsupported(measurement);
        };
        return new MetricValue(value, longOrZero(totals[0]), longOrZero(totals[2]), longOrZero(totals[3]));
    }

    /** Per dimension value over the window (null values left out). */
    List<GroupStats> byGroup(ActiveWindow window, Dimension dimension, Measurement measurement) {
        Map<String, List<Object[]>> samplesByField = new LinkedHashMap<>();
        if (measurement == Measurement.MAX) {
            for (Object[] row : store.select(sql.activeSamples(window, dimension))) {
                samplesByField.computeIfAbsent(text(row[0]), field -> new ArrayList<>()).add(row);
            }
        }
        List<GroupStats> groups = new ArrayList<>();
        for (Object[] row : store.select(sql.activeByGroup(window, dimension))) {
            String field = text(row[0]);
            long activeMs = longOrZero(row[2]);
            Double value = switch (measurement) {
                case AVG -> window.lengthMs() == 0 ? null : (double) activeMs / window.lengthMs();
                case MAX -> maxOfSamples(samplesByField.getOrDefault(field, List.of()), 1, sampleCount(window));
                case MEDIAN, P95, P99, SUM, COUNT -> throw unsupported(measurement);
            };
            groups.add(new GroupStats(field, value, longOrZero(row[1]), longOrZero(row[3]), longOrZero(row[4])));
        }
        return groups;
    }

    /**
     * One value per bucket of the grid. A bucket's window is the bucket cut to the query window; avg spreads each
     * view's active time exactly over the buckets it overlaps, max takes the largest of the window's minute samples
     * that fall in the bucket (null when none does). Views are those active at some time in the bucket's window.
     */
    List<TimeBucket> timeseries(ActiveWindow window, Measurement measurement, BucketGrid grid) {
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
        List<TimeBucket> buckets = new ArrayList<>(count);
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
            buckets.add(new TimeBucket(grid.startMs(i), value, views));
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
