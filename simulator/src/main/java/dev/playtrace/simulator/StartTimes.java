package dev.playtrace.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Maps a fraction of a time window to a start time, uniformly or along a daily viewing curve: a trough around
 * 04:00 UTC, a lunchtime bump, an evening peak around 20:00 UTC, and 15 % more on weekends. Monotone, so sorted
 * fractions give sorted start times.
 */
final class StartTimes {
    private static final long BIN_MS = 15 * 60_000L;

    private final long fromMs;
    private final long toMs;
    private final boolean curve;
    private final double[] cumulative; // cumulative weight at the end of each bin, normalised to 1

    StartTimes(long fromMs, long toMs, boolean curve) {
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.curve = curve;
        int bins = (int) Math.max(1, (toMs - fromMs + BIN_MS - 1) / BIN_MS);
        this.cumulative = new double[bins];
        if (curve) {
            double sum = 0;
            for (int i = 0; i < bins; i++) {
                long binStart = fromMs + i * BIN_MS;
                long binEnd = Math.min(toMs, binStart + BIN_MS);
                sum += weight((binStart + binEnd) / 2) * (binEnd - binStart);
                cumulative[i] = sum;
            }
            for (int i = 0; i < bins; i++) {
                cumulative[i] /= sum;
            }
        }
    }

    /** Relative viewing intensity at an instant (1.0 is the daily average, roughly). */
    static double weight(long atMs) {
        double hour = Math.floorMod(atMs, 86_400_000L) / 3_600_000.0;
        double evening = Math.exp(-Math.pow(circularDistance(hour, 20.0) / 2.5, 2) / 2);
        double lunch = 0.35 * Math.exp(-Math.pow(circularDistance(hour, 12.5) / 1.5, 2) / 2);
        double value = 0.25 + evening + lunch;
        DayOfWeek day = ZonedDateTime.ofInstant(Instant.ofEpochMilli(atMs), ZoneOffset.UTC).getDayOfWeek();
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
            value *= 1.15;
        }
        return value / 0.75;
    }

    private static double circularDistance(double hour, double centre) {
        double distance = Math.abs(hour - centre);
        return Math.min(distance, 24 - distance);
    }

    /** The start time at {@code fraction} (in {@code [0, 1)}) of the window; always in {@code [from, to)}. */
    long at(double fraction) {
        long span = toMs - fromMs;
        if (!curve) {
            return Math.min(toMs - 1, fromMs + (long) Math.floor(fraction * span));
        }
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] <= fraction) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        double binStartWeight = low == 0 ? 0 : cumulative[low - 1];
        double binWeight = cumulative[low] - binStartWeight;
        long binStart = fromMs + low * BIN_MS;
        long binEnd = Math.min(toMs, binStart + BIN_MS);
        double within = binWeight <= 0 ? 0 : (fraction - binStartWeight) / binWeight;
        long at = binStart + (long) Math.floor(Math.max(0, Math.min(1, within)) * (binEnd - binStart));
        return Math.max(fromMs, Math.min(toMs - 1, at));
    }
}
