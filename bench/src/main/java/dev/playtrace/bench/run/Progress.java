package dev.playtrace.bench.run;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr while the benchmarks run (they take minutes). */
final class Progress {
    private Progress() {
    }

    static void say(String format, Object... args) {
        System.err.println("bench " + LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + " "
                + String.format(java.util.Locale.ROOT, format, args));
    }
}
