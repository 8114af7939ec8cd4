package dev.playtrace.server.alerts;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Arrays;
import java.util.List;

/**
 * The statistics of anomaly rules, with no knowledge of metrics: Fisher's exact test of two proportions corrected
 * for overdispersion, and a robust z-score against the median and the MAD of a history.
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
     * Fisher's exact test of the current window's rate against the pooled history, one-sided towards the side the
     * current rate lies on, given as the z of a standard normal with the same tail: positive when the current rate is
     * higher. The normal approximation ({@code (p1 - p0) / se}) overstates the evidence of a small cohort with few
     * failures (18 of 267 views against 2.2 % in 1,890 is z = 4.2 approximated, 3.6 exact), which is what opened false alarms
     * at night. {@code phi >= 1} is the history's overdispersion (Pearson chi-square of the history windows against
     * their pooled rate over its degrees of freedom): windows that vary more than binomially among themselves
     * (daily patterns, a few heavy viewers) widen the test instead of firing, by testing {@code phi} times fewer
     * trials (the quasi-binomial reading of {@code phi}). Tails below {@value #SMALLEST_TAIL} are taken as that tail,
     * so |z| is at most {@value #LARGEST_Z}. 0 when either side has no trials or the pooled rate is 0 or 1.
     */
    public static double proportionZ(Counts current, List<Counts> history) {
        long x0 = history.stream().mapToLong(Counts::successes).sum();
        long n0 = history.stream().mapToLong(Counts::trials).sum();
        if (current.trials() == 0 || n0 == 0) {
            return 0.0;
        }
        long successes = x0 + current.successes();
        long trials = n0 + current.trials();
        if (successes == 0 || successes == trials) {
            return 0.0;
        }
        double phi = dispersion(history, (double) x0 / n0);
        FourfoldTable table = FourfoldTable.of(current, new Counts(x0, n0), phi);
        return table.population() > EXACT_UP_TO_TRIALS ? normalZ(current, x0, n0, phi) : table.exactZ();
    }

    /**
     * Above this many (dispersion-scaled) trials the exact test's sum over the tail gets slow, and the normal
     * approximation is within 0.02 of it: every cell of the table then expects thousands.
     */
    static final int EXACT_UP_TO_TRIALS = 2_000_000;
    static final double SMALLEST_TAIL = 1e-15;
    static final double LARGEST_Z = 7.94;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    /** The current window and the history as a 2x2 table of successes and failures, divided by {@code phi}. */
    private record FourfoldTable(int currentSuccesses, int currentFailures, int historySuccesses, int historyFailures) {
        static FourfoldTable of(Counts current, Counts history, double phi) {
            return new FourfoldTable(scaled(current.successes(), phi), scaled(current.trials() - current.successes(), phi),
                    scaled(history.successes(), phi), scaled(history.trials() - history.successes(), phi));
        }

        private static int scaled(long count, double phi) {
            return (int) Math.min(Integer.MAX_VALUE / 4, Math.round(count / phi));
        }

        long population() {
            return (long) currentSuccesses + currentFailures + historySuccesses + historyFailures;
        }

        double exactZ() {
            int drawn = currentSuccesses + currentFailures;
            int successes = currentSuccesses + historySuccesses;
            if (drawn == 0 || successes == 0 || successes == population()) {
                return 0.0;
            }
            HypergeometricDistribution noChange = new HypergeometricDistribution(null, (int) population(), successes, drawn);
            double expected = noChange.getNumericalMean();
            return currentSuccesses >= expected
                    ? zOfUpperTail(noChange.upperCumulativeProbability(currentSuccesses))
                    : -zOfUpperTail(noChange.cumulativeProbability(currentSuccesses));
        }
    }

    /** The z whose upper tail is {@code tail}. */
    static double zOfUpperTail(double tail) {
        return Math.min(LARGEST_Z, -STANDARD_NORMAL.inverseCumulativeProbability(Math.max(SMALLEST_TAIL, Math.min(1, tail))));
    }

    /** The two-proportion z with the pooled rate's variance times {@code phi}, capped like the exact test's. */
    private static double normalZ(Counts current, long x0, long n0, double phi) {
        double p0 = (double) x0 / n0;
        double pooled = (double) (x0 + current.successes()) / (n0 + current.trials());
        double variance = phi * pooled * (1 - pooled) * (1.0 / current.trials() + 1.0 / n0);
        double z = (current.rate() - p0) / Math.sqrt(variance);
        return Math.max(-LARGEST_Z, Math.min(LARGEST_Z, z));
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
