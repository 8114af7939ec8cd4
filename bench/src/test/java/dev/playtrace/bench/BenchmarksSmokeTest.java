package dev.playtrace.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every JMH benchmark method once, in process, so they keep working; no timing is asserted. */
class BenchmarksSmokeTest {

    @Test
    void everyBenchmarkMethodRuns() throws Exception {
        Options options = new OptionsBuilder()
                .include("dev\\.playtrace\\.bench\\..*Benchmark\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<String> names = results.stream().map(result -> result.getParams().getBenchmark()
                .replace("dev.playtrace.bench.", "")).sorted().toList();
        assertThat(names).containsExactly(
                "DecodeBenchmark.decodeFiftyEvents",
                "DecodeBenchmark.decodeOneEvent",
                "SessionizeBenchmark.acceptAndFlush",
                "SqlGenerationBenchmark.breakdown",
                "SqlGenerationBenchmark.overall",
                "SqlGenerationBenchmark.timeseries");
        assertThat(results).allSatisfy(result -> assertThat(result.getPrimaryResult().getSampleCount()).isEqualTo(1));
    }
}
