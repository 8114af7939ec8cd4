package dev.playtrace.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the benchmark ran on, read from {@code /proc} and the JVM. */
record MachineInfo(int processors, String cpuModel, long memoryKb, String jdk, String os) {

    static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(),
                procValue("/proc/cpuinfo", "model name").orElse("unknown"),
                procValue("/proc/meminfo", "MemTotal").map(v -> Long.parseLong(v.replaceAll("[^0-9]", ""))).orElse(0L),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** {@code /proc/loadavg}'s 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    String markdown() {
        return String.format(Locale.ROOT, "- CPU: %d × %s%n- RAM: %.1f GiB%n- JDK: %s%n- OS: %s%n",
                processors, cpuModel, memoryKb / 1024.0 / 1024.0, jdk, os);
    }

    private static java.util.Optional<String> procValue(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(line -> line.startsWith(key)).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
