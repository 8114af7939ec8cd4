package dev.playtrace.bench.run;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./playtrace bench}: measures ingest, queries, freshness, memory, startup and the scale-out mode (Kafka and
 * ClickHouse) on this machine, each against a baseline measured in the same run, and writes the results to
 * {@code BENCHMARKS.md}. {@code --smoke} runs every part tiny (about a minute) to keep the code working; its numbers
 * mean nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmarks and write BENCHMARKS.md (see the README's Benchmarks section).")
public final class BenchmarkCommand implements Callable<Integer> {
    /** The parts of the benchmark, in the order they run. */
    enum Part { INGEST, QUERIES, FRESHNESS, MEMORY, STARTUP, SCALE_OUT }

    @Option(names = "--smoke", description = "Run every part tiny (seconds), to check that the benchmark works.")
    boolean smoke;

    @Option(names = "--only", split = ",", description = "Parts to run: ${COMPLETION-CANDIDATES} (default: all).")
    Set<Part> only;

    @Option(names = "--out", description = "Where to write the report (default: BENCHMARKS.md, or BENCHMARKS-smoke.md in the work folder with --smoke).")
    Path out;

    @Option(names = "--data-dir", description = "Where query datasets are built and kept between runs (default: <tmp>/playtrace-bench-data).")
    Path dataDir;

    @Option(names = "--ingest-seconds", description = "Measured seconds per ingest run (default: 20 for single events, 60 for batches; 1 with --smoke).")
    Integer ingestSeconds;

    @Option(names = "--ingest-beacon-sizes", split = ",", defaultValue = "1,50",
            description = "Events per beacon of the ingest runs (default: ${DEFAULT-VALUE}).")
    List<Integer> ingestBeaconSizes;

    @Option(names = "--max-views", defaultValue = "100000000", description = "Largest query dataset (default: ${DEFAULT-VALUE};"
            + " 10000000 skips the 100M one, 1000000 the 10M one too).")
    int maxViews;

    @Option(names = "--events-at-max", description = "Also copy the events into the largest dataset (slow: ~66 events per view).")
    boolean copyEventsAtMax;

    @Option(names = "--seed-views", defaultValue = "20000", description = "Simulated views replayed through the pipeline before the SQL copies (default: ${DEFAULT-VALUE}).")
    int seedViews;

    @Option(names = "--scale-out-views", description = "Views of the scale-out part's query comparison, copied into"
            + " ClickHouse once and kept beside the dataset (default: the Queries part's 10M dataset, or --max-views when smaller).")
    Integer scaleOutViews;

    @Option(names = "--scale-out-bus-views", defaultValue = "2000", description = "Simulated views sent through Kafka"
            + " by the scale-out part, each x --scale-out-bus-copies with fresh ids (default: ${DEFAULT-VALUE}).")
    int scaleOutBusViews;

    @Option(names = "--scale-out-bus-copies", defaultValue = "60", description = "Copies of the simulated views sent"
            + " through Kafka (default: ${DEFAULT-VALUE}: ~835,000 events).")
    int scaleOutBusCopies;

    @Option(names = "--notes", description = "Markdown appended as 'Where the time goes' (default: bench/NOTES.md when present).")
    Path notes;

    private String commandLine = "./playtrace bench";

    public static void main(String[] args) {
        BenchmarkCommand command = new BenchmarkCommand();
        command.commandLine = String.join(" ", Stream.concat(Stream.of("./playtrace bench"), Stream.of(args)).toList());
        System.exit(new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Set<Part> parts = only == null || only.isEmpty() ? EnumSet.allOf(Part.class) : EnumSet.copyOf(only);
        Path workDir = Files.createTempDirectory("playtrace-bench");
        Path report = out != null ? out : smoke ? workDir.resolve("BENCHMARKS-smoke.md") : Path.of("BENCHMARKS.md");
        Path datasets = dataDir != null ? dataDir : smoke ? workDir.resolve("datasets")
                : Path.of(System.getProperty("java.io.tmpdir"), "playtrace-bench-data");
        Instant started = Instant.now();
        String loadBefore = MachineInfo.loadAverage();
        List<Section> sections = new ArrayList<>();
        try {
            if (parts.contains(Part.INGEST)) {
                for (int eventsPerBeacon : ingestBeaconSizes) {
                    sections.add(ingest(workDir, eventsPerBeacon, smoke ? 1 : eventsPerBeacon == 1 ? 20 : 60));
                }
            }
            if (parts.contains(Part.QUERIES)) {
                QueryBenchmark queries = new QueryBenchmark(smoke ? 3 : 20, smoke ? 1_000 : 20_000);
                FacadeBenchmark facades = new FacadeBenchmark(smoke ? 3 : 20, smoke ? 1_000 : 20_000);
                int small = smoke ? 1_000 : 1_000_000;
                int seed = smoke ? 500 : seedViews;
                BenchDataset.Ready smallSet = BenchDataset.ensure(datasets.resolve("views-" + small), small, seed, null, true);
                sections.add(queries.run(smallSet));
                sections.add(facades.run(smallSet));
                // each larger dataset starts as a file copy of the one before (10M from 1M, 100M from 10M)
                List<Integer> larger = smoke ? List.of(2_000)
                        : List.of(10_000_000, 100_000_000).stream().filter(views -> views <= maxViews).toList();
                BenchDataset.Ready previous = smallSet;
                for (int views : larger) {
                    boolean largest = views == larger.getLast();
                    BenchDataset.Ready set = BenchDataset.ensure(datasets.resolve("views-" + views), views, seed, previous,
                            smoke || (largest && copyEventsAtMax));
                    sections.add(queries.run(set));
                    sections.add(facades.run(set));
                    if (smoke || views >= 10_000_000) {
                        // what the rollups cost a store that holds millions of views (a file copy each run)
                        sections.add((smoke ? new IngestIntoDatasetBenchmark(workDir, 30, 4, 1_000, 200)
                                : new IngestIntoDatasetBenchmark(workDir, 10_000, 16, 20_000, 5_000)).run(set));
                    }
                    previous = set;
                }
            }
            if (parts.contains(Part.FRESHNESS)) {
                sections.add(new FreshnessBenchmark(workDir, smoke ? 3 : 50).run());
            }
            if (parts.contains(Part.MEMORY)) {
                sections.add(new MemoryBenchmark(smoke ? 1_000 : 100_000).run());
            }
            if (parts.contains(Part.STARTUP)) {
                sections.add(new StartupBenchmark(workDir, smoke ? 1 : 3).run());
            }
            if (parts.contains(Part.SCALE_OUT)) {
                // the query comparison reuses the Queries part's largest dataset (same size and seed: same directory)
                int small = smoke ? 1_000 : 1_000_000;
                int views = smoke ? 2_000 : scaleOutViews != null ? scaleOutViews : Math.min(maxViews, 10_000_000);
                int seed = smoke ? 500 : seedViews;
                ScaleOutBenchmark.Settings settings = smoke ? new ScaleOutBenchmark.Settings(30, 1, 3, 1_000)
                        : new ScaleOutBenchmark.Settings(scaleOutBusViews, scaleOutBusCopies, 20, 10_000);
                sections.addAll(new ScaleOutBenchmark(workDir, settings).run(
                        () -> queryDataset(datasets, small, views, seed)));
            }
        } finally {
            if (!sections.isEmpty()) {
                Path notesFile = notes != null ? notes : Path.of("bench", "NOTES.md");
                String notesText = Files.isRegularFile(notesFile) ? Files.readString(notesFile) : null;
                Files.writeString(report, new Report(MachineInfo.current(), started, commandLine, smoke, loadBefore,
                        MachineInfo.loadAverage(), sections, notesText).markdown());
                Progress.say("wrote %s", report.toAbsolutePath());
            }
            deleteRecursively(workDir, report);
        }
        return 0;
    }

    /**
     * The dataset of {@code views} views as the Queries part builds it: one larger than {@code small} starts as a file
     * copy of the {@code small} one, so both parts use the same views.
     */
    private static BenchDataset.Ready queryDataset(Path datasets, int small, int views, int seed) throws IOException {
        if (views <= small || views % small != 0) {
            return BenchDataset.ensure(datasets.resolve("views-" + views), views, seed, null, false);
        }
        BenchDataset.Ready smallSet = BenchDataset.ensure(datasets.resolve("views-" + small), small, seed, null, true);
        return BenchDataset.ensure(datasets.resolve("views-" + views), views, seed, smallSet, false);
    }

    private Section ingest(Path workDir, int eventsPerBody, int defaultSeconds) throws Exception {
        long seconds = ingestSeconds != null ? ingestSeconds : defaultSeconds;
        // the batched run is repeated without rollup maintenance, for at most 20 s (issue 18's cost of the rollup)
        long withoutRollupMs = eventsPerBody == 1 ? 0 : Math.min(seconds, 20) * 1_000;
        IngestBenchmark.Settings settings = smoke
                ? new IngestBenchmark.Settings(30, 4, 8, seconds * 1_000, 200, 2_000, withoutRollupMs, withoutRollupMs)
                : new IngestBenchmark.Settings(eventsPerBody == 1 ? 5_000 : 10_000, 16, 128, seconds * 1_000, 5_000,
                        50_000_000, withoutRollupMs, withoutRollupMs);
        return new IngestBenchmark(workDir, settings).run(eventsPerBody);
    }

    /** Deletes the work folder except the report when it was written there. */
    private static void deleteRecursively(Path workDir, Path keep) throws IOException {
        if (keep.toAbsolutePath().startsWith(workDir.toAbsolutePath())) {
            return;
        }
        BenchFiles.deleteTree(workDir);
    }
}
