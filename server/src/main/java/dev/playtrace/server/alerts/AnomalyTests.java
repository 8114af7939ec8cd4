package dev.playtrace.server.alerts;

import java.util.Arrays;
import java.util.List;

/**
 * The statistics of anomaly rules, with no knowledge of metrics: a two-proportion z-test corrected for
 * overdispersion, and a robust z-score against the median and the MAD of a history.
 */
public final class AnomalyTests {
    /** Scales the MAD to estimate a standard deviation under a normal distribution. */
    static final double MAD_TO_SIGMA = 1.4826;
    /**
     * The robust score's scale is at least this fraction of the baseline: a MAD from a handful of history windows
     * can be small by chance (4 simulated hours at 100 views a minute fired once on rebuffering with a floor of 5 %).
     */
    static final double MIN_RELATIVE_SCALE = 0.10;

    private AnomalyTests() {
    }

    /** Successes out of trials in one window. */
    public record Counts(long successes, long trials) {
        public double rate() {
            return trials == 0 ? 0.0 : (double) successes / trials;
        }
    }

    /**
     * The z of the current window's rate against the pooled history: {@code (p1 - p0) / sqrt(phi * p (1 - p)
     * (1/n1 + 1/n0))}, p the rate of both pooled. {@code phi >= 1} is the history's overdispersion (Pearson chi-square
     * of the history windows against their pooled rate over its degrees of freedom): windows that vary more than
     * binomially among themselves (daily patterns, a few heavy viewers) widen the test instead of firing. Positive
     * when the current rate is higher. 0 when either side has no trials or the pooled rate is 0 or 1.
     */
    public static double proportionZ(Counts current, List<Counts> history) {
        long x0 = history.stream().mapToLong(Counts::successes).sum();
        long n0 = history.stream().mapToLong(Counts::trials).sum();
        if (current.trials() == 0 || n0 == 0) {
            return 0.0;
        }
        double p0 = (double) x0 / n0;
        double p1 = current.rate();
        double pooled = (double) (x0 + current.successes()) / (n0 + current.trials());
        if (pooled <= 0.0 || pooled >= 1.0) {
            return 0.0;
        }
        double variance = dispersion(history, p0) * pooled * (1 - pooled)
                * (1.0 / current.trials() + 1.0 / n0);
        return (p1 - p0) / Math.sqrt(variance);
    }

    /** Pearson chi-square of the windows against {@code p0} over (windows with trials - 1); at least 1. */
    static double dispersion(List<Counts> history, double p0) {
        if (p0 <= 0.0 || p0 >= 1.0) {
            return 1.0;
        }
        double chiSquare = 0;
        int windows = 0;
        for (Counts window : history) {
            if (window.trials() == 0) {
                continue;
            }
            double expected = window.trials() * p0;
            double difference = window.successes() - expected;
            chiSquare += difference * difference / (expected * (1 - p0));
            windows++;
        }
        return windows < 2 ? 1.0 : Math.max(1.0, chiSquare / (windows - 1));
    }

    /** The median and the MAD-based scale of a history. */
    public record Baseline(double median, double scale) {
        /** How many scales {@code value} lies above the median (negative below). */
        public double score(double value) {
            return (value - median) / scale;
        }
    }

    /**
     * The median of the history and its scale: {@code 1.4826 × MAD}, but at least 10 % of |median| (and at least a
     * tiny positive number), so a history that happens to be flat does not make every small change an anomaly.
     */
    public static Baseline robustBaseline(List<Double> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs a history");
        }
        double[] values = history.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = median(values);
        double[] deviations = Arrays.stream(values).map(v -> Math.abs(v - median)).sorted().toArray();
        double mad = median(deviations);
        double scale = Math.max(Math.max(MAD_TO_SIGMA * mad, MIN_RELATIVE_SCALE * Math.abs(median)), 1e-9);
        return new Baseline(median, scale);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
