package dev.playtrace.store.duckdb;

import dev.playtrace.model.View;
import dev.playtrace.store.conformance.ViewBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures bulk upsert throughput into a DuckDB file: {@code java ... UpsertThroughputCheck [views] [batch]
 * [start move ms] [rollup on|off]}. With a start move, every newer version starts that much earlier, as when a view's clock offset
 * shrinks (metrics.md §1).
 */
public final class UpsertThroughputCheck {
    /** View ids are random-looking, as SDKs generate them, so no key range lines up with insertion order. */
    private static String viewId(int id) {
        return new java.util.UUID(id * 0x9E3779B97F4A7C15L, id).toString();
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        long startMoveMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
        boolean rollup = args.length <= 3 || !args[3].equals("off");
        Path dir = Files.createTempDirectory("playtrace-bench");
        if (args.length > 4 && args[4].equals("noindex")) {
            DuckDbStore.open(dir.resolve("bench.duckdb"), rollup).close();
            try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("bench.duckdb")); var s = c.createStatement()) { s.execute("DROP INDEX views_by_view_id"); }
        }
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("bench.duckdb"), rollup)) {
            long start = System.nanoTime();
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            long chunkStart = start;
            long chunkCpu = os.getProcessCpuTime();
            for (int offset = 0; offset < total; offset += batch) {
                List<View> views = new ArrayList<>(batch);
                for (int i = offset; i < offset + batch; i++) {
                    // Every third view is a newer version of an earlier one: upserts, not only inserts.
                    boolean upsert = i % 3 == 0 && i > batch;
                    int id = upsert ? i - batch : i;
                    views.add(ViewBuilder.view(viewId(id), 1_700_000_000_000L + id * 10L - (upsert ? startMoveMs : 0)).version(i)
                            // about three views per viewer, as in the bench's dataset
                            .viewer("viewer-" + id % (total / 3)).started(900 + i % 700)
                            .playing(60_000 + i % 5_000).rebuffering(i % 3, (i % 3) * 400L)
                            .country(List.of("US", "DE", "FR", "BR").get(i % 4)).browser("Chrome")
                            .bitrate(2_500_000.0).upscale(1.5, 10.0).scores(100.0, 90.0, 80.0, 70.0, 75.0).build());
                }
                store.upsertViews(views);
                if ((offset + batch) % 250_000 == 0) {
                    long nowNanos = System.nanoTime();
                    long cpuNanos = os.getProcessCpuTime();
                    System.out.printf("  up to %d views: %.0f views/s, %.0f views per CPU second%n", offset + batch,
                            250_000 / ((nowNanos - chunkStart) / 1e9), 250_000 / ((cpuNanos - chunkCpu) / 1e9));
                    chunkStart = nowNanos;
                    chunkCpu = cpuNanos;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d views in batches of %d, rollup %s: %.2f s, %.0f views/s%n", total, batch,
                    rollup ? "on" : "off", seconds, total / seconds);
        }
    }
}
