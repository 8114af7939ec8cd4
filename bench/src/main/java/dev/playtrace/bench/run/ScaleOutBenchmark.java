package dev.playtrace.bench.run;

import dev.playtrace.bus.kafka.KafkaBroker;
import dev.playtrace.store.clickhouse.ClickHouseProcess;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scale-out part: starts a ClickHouse server with scratch data and a Kafka broker on this machine (the launchers
 * the tests use: {@link ClickHouseProcess} from the ClickHouse store's test-jar, {@link KafkaBroker} from
 * {@code bus-kafka}) for {@link ScaleOutIngestBenchmark} and stops both, then runs {@link ScaleOutQueryBenchmark}, which
 * starts ClickHouse servers of its own on data kept between runs. When one cannot start, the sections that need it say
 * "skipped" and why, and the rest of the benchmark goes on.
 */
final class ScaleOutBenchmark {
    static final String INGEST_TITLE = "Scale-out ingest: Kafka and ClickHouse";
    static final String QUERIES_TITLE = "Scale-out queries: ClickHouse and DuckDB";

    /** Sizes: simulated views and their copies through Kafka; question runs and time budget per question. */
    record Settings(int busViews, int busCopies, int questionRepeat, long budgetMsPerQuestion) {
    }

    private final Path workDir;
    private final Settings settings;

    ScaleOutBenchmark(Path workDir, Settings settings) {
        this.workDir = workDir;
        this.settings = settings;
    }

    List<Section> run(DatasetSource dataset) throws Exception {
        Section ingest = ingest();
        Section queries = new ScaleOutQueryBenchmark(settings.questionRepeat(), settings.budgetMsPerQuestion())
                .run(dataset.ready());
        return List.of(ingest, queries);
    }

    /** The ingest part, on a ClickHouse server of its own with scratch data, stopped before the query part starts. */
    private Section ingest() throws Exception {
        ClickHouseProcess clickHouse;
        try {
            Progress.say("scale-out: starting clickhouse-server");
            clickHouse = ClickHouseProcess.start(ClickHouseProcess.freePort(), ClickHouseProcess.freePort(), "");
        } catch (RuntimeException e) {
            return skipped(INGEST_TITLE, "ClickHouse could not start: " + e.getMessage());
        }
        // stopped by a shutdown hook too, so an interrupted benchmark leaves no server behind (KafkaBroker does the same)
        Thread stopOnExit = new Thread(clickHouse::stop, "scale-out-clickhouse-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            return ingest(clickHouse.httpPort());
        } finally {
            clickHouse.stop();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    /** The query dataset, built on demand. */
    @FunctionalInterface
    interface DatasetSource {
        BenchDataset.Ready ready() throws Exception;
    }

    private Section ingest(int clickHouseHttpPort) throws Exception {
        String missing = brokerClasspathProblem();
        if (missing != null) {
            return skipped(INGEST_TITLE, missing);
        }
        KafkaBroker broker;
        try {
            Progress.say("scale-out: starting a Kafka broker");
            broker = KafkaBroker.start();
        } catch (RuntimeException e) {
            return skipped(INGEST_TITLE, "the Kafka broker could not start: " + firstLine(e.getMessage()));
        }
        try (broker) {
            return new ScaleOutIngestBenchmark(workDir, settings.busViews(), settings.busCopies())
                    .run(broker.address("bench-scale-out"), clickHouseHttpPort);
        }
    }

    /**
     * Null when the broker's class path file is known and present. {@code ./playtrace bench} runs from
     * {@code bench/target}; the file is {@code bus-kafka}'s build output next to it (as the server's tests use it).
     */
    private static String brokerClasspathProblem() {
        String property = System.getProperty(KafkaBroker.CLASSPATH_FILE_PROPERTY);
        Path file;
        if (property != null) {
            file = Path.of(property);
        } else {
            try {
                Path codeLocation = Path.of(ScaleOutBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                file = codeLocation.getParent().getParent().resolveSibling("bus-kafka").resolve("target")
                        .resolve("kafka-broker.classpath");
            } catch (URISyntaxException | RuntimeException e) {
                return "cannot find the Kafka broker's class path: " + e.getMessage();
            }
            System.setProperty(KafkaBroker.CLASSPATH_FILE_PROPERTY, file.toString());
        }
        return Files.isRegularFile(file) ? null : "the Kafka broker's class path file " + file + " is missing"
                + " (bus-kafka's build writes it: ./mvnw -pl bus-kafka -am package -DskipTests)";
    }

    private static Section skipped(String title, String why) {
        Progress.say("scale-out: %s skipped: %s", title, why);
        return new Section(title, "skipped: " + why);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
