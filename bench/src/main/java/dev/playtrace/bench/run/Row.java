package dev.playtrace.bench.run;

import java.util.Locale;

/**
 * One line of a results table: a measured figure, the baseline measured in the same run, their ratio, and the goal.
 *
 * @param ratio measured / baseline as text (e.g. {@code 0.83×}), or {@code –} when there is no baseline
 * @param goalMet {@code yes}, {@code no}, or {@code –} when the figure has no goal
 */
record Row(String measure, String value, String baseline, String baselineValue, String ratio, String goal, String goalMet) {

    static String ratio(double measured, double baseline) {
        if (baseline <= 0 || Double.isNaN(measured)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", measured / baseline);
    }

    static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String ms(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%,.1f ms", value);
    }
}
