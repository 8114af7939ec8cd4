package dev.playtrace.bench.run;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Renders {@code BENCHMARKS.md}: the machine, the run, a summary of the goals, every section, and how to reproduce. */
record Report(MachineInfo machine, Instant started, String commandLine, boolean smoke, String loadBefore,
        String loadAfter, List<Section> sections, String notes) {

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Playtrace benchmarks\n\n");
        out.append("Written by `").append(commandLine).append("`; edit the code in `bench/src/main/java/dev/playtrace/"
                + "bench/run/` or `bench/NOTES.md`, not this file.\n\n");
        if (smoke) {
            out.append("**Smoke run: every part is tiny; these numbers say nothing about performance.**\n\n");
        }
        out.append("- Date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC), took ")
                .append(Math.round((Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0)).append(" s\n");
        out.append("- Command: `").append(commandLine).append("`\n");
        out.append(machine.markdown());
        out.append("- Load average (1/5/15 min) at start: ").append(loadBefore).append("; at end: ").append(loadAfter)
                .append(". The machine is shared (other builds and browsers run on the same cores), so absolute"
                        + " figures are noisy: compare the ratios to the in-run baselines.\n\n");

        out.append("## Goals\n\n| goal | measure | value | met |\n|---|---|---:|---|\n");
        for (Section section : sections) {
            for (Row row : section.rows()) {
                if (!row.goalMet().equals("–")) {
                    out.append("| ").append(row.goal()).append(" | ").append(section.title()).append(": ")
                            .append(row.measure()).append(" | ").append(row.value()).append(" | ")
                            .append(row.goalMet()).append(" |\n");
                }
            }
        }
        out.append('\n');
        sections.forEach(section -> out.append(section.markdown()));
        if (notes != null && !notes.isBlank()) {
            out.append("## Where the time goes\n\n").append(notes.strip()).append("\n\n");
        }
        out.append("""
                ## How to reproduce

                ```
                ./playtrace bench                   # everything, ~30 min plus the first build of the datasets (100M: ~10 min, 20 GB)
                ./playtrace bench --only ingest     # or queries, freshness, memory, startup, scale_out (comma-separated)
                ./playtrace bench --max-views 10000000 --ingest-seconds 10  # shorter: no 100M-view dataset
                ./playtrace bench --only scale_out --scale-out-views 1000000  # the scale-out queries at 1M views
                ./playtrace bench --smoke --out smoke.md                      # everything tiny, ~1 min
                ```

                Query datasets are kept in `<tmp>/playtrace-bench-data` (`--data-dir`) and reused. The load
                generator is `dev.playtrace.bench.run.LoadGenerator`, started as its own JVM on the same
                classpath. The scale-out part starts Debian's `clickhouse-server` (18.16; `apt-get install
                clickhouse-server`, or `.ci/run`) from the ClickHouse store tests' scratch config and a Kafka 4.x
                broker from the jars `bus-kafka`'s build lists in `bus-kafka/target/kafka-broker.classpath`; when
                either cannot start, its sections say "skipped:" and why, and the other parts still run. Its sizes:
                `--scale-out-views` (views copied into ClickHouse, one server and two shards, for the query
                comparison; default the Queries part's 10M dataset; the copies are kept beside it in
                `views-N/clickhouse` and reused while they hold the same dataset, so only the first run copies),
                `--scale-out-bus-views` and `--scale-out-bus-copies` (simulated views sent through Kafka, default
                2,000 x 60). JMH micro-benchmarks of the hot paths (decoding, sessionizing, SQL generation):

                ```
                ./mvnw -B -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar
                ```

                Profiling a run: add `-XX:StartFlightRecording=filename=bench.jfr` to the `java` line of the
                launcher's `bench` case (or to the server), then `jfr print --events jdk.ExecutionSample bench.jfr`.
                """);
        return out.toString();
    }
}
