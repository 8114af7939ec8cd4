package dev.playtrace.bench.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@link LoadGenerator} as a separate JVM on this process's classpath and reads its result. */
final class LoadProcess {
    private LoadProcess() {
    }

    /** The bounds and shape of one load run; {@code requestsPerSecond} 0 sends as fast as the server answers. */
    record Plan(String path, Path bodies, int connections, long maxRequests, long durationMs, long warmupMs,
            double requestsPerSecond) {
        Plan(String path, Path bodies, int connections, long maxRequests, long durationMs, long warmupMs) {
            this(path, bodies, connections, maxRequests, durationMs, warmupMs, 0);
        }
    }

    static LoadGenerator.LoadResult run(int port, Plan plan) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LoadGenerator.class.getName(),
                "127.0.0.1", Integer.toString(port), plan.path(), plan.bodies().toString(),
                Integer.toString(plan.connections()), Long.toString(plan.maxRequests()),
                Long.toString(plan.durationMs()), Long.toString(plan.warmupMs()),
                Double.toString(plan.requestsPerSecond())));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String resultLine = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(LoadGenerator.RESULT_PREFIX)) {
                        resultLine = line;
                    }
                }
            }
            // the generator bounds itself by time; this only guards against a hung process
            if (!process.waitFor(plan.warmupMs() + plan.durationMs() + 120_000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the load generator did not finish");
            }
            if (process.exitValue() != 0 || resultLine == null) {
                throw new IllegalStateException("the load generator failed (exit " + process.exitValue() + ")");
            }
            return LoadGenerator.LoadResult.parse(resultLine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the load generator", e);
        }
    }
}
