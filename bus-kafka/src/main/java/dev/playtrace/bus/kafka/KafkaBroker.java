package dev.playtrace.bus.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Kafka 4.x broker for tests and local runs, in its own JVM, in KRaft mode (broker and controller in one process) on free
 * loopback ports with a scratch log directory: formatted with {@code kafka.tools.StorageTool --standalone}, started
 * with {@code kafka.Kafka}, ready once an admin client's {@code describeCluster} answers. Killed (SIGKILL) on
 * {@link #close()}, and by a shutdown hook if this JVM ends first, so no broker outlives it. The broker's jars
 * ({@code org.apache.kafka:kafka_2.13}) are not a dependency of this module: the caller names them, as a class path
 * in the file the system property {@value #CLASSPATH_FILE_PROPERTY} points to (the test builds write it with
 * {@code maven-dependency-plugin:build-classpath}).
 */
public final class KafkaBroker implements AutoCloseable {
    public static final String CLASSPATH_FILE_PROPERTY = "kafka.broker.classpath.file";
    private static final long READY_TIMEOUT_MS = 90_000;

    private final Path directory;
    private final int brokerPort;
    private final Process process;
    private final Thread killer;

    private KafkaBroker(Path directory, int brokerPort, Process process) {
        this.directory = directory;
        this.brokerPort = brokerPort;
        this.process = process;
        this.killer = new Thread(process::destroyForcibly, "kafka-broker-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    public static KafkaBroker start() {
        try {
            Path directory = Files.createTempDirectory("playtrace-kafka-");
            int brokerPort = freePort();
            int controllerPort = freePort();
            Path properties = directory.resolve("server.properties");
            Files.writeString(properties, serverProperties(directory.resolve("logs"), brokerPort, controllerPort));
            String classpath = classpath();
            run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                    properties.toString(), "--standalone"), classpath, directory.resolve("format.log"));
            Process process = java(List.of("kafka.Kafka", properties.toString()), classpath,
                    directory.resolve("broker.log"));
            KafkaBroker broker = new KafkaBroker(directory, brokerPort, process);
            broker.awaitReady();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public KafkaBusAddress address(String topic) {
        return new KafkaBusAddress(bootstrapServers(), topic);
    }

    /** The broker's process id, for a {@code kill -9} from a test. */
    public long pid() {
        return process.pid();
    }

    /** Kills the broker as {@code kill -9} would, and waits until the process is gone. */
    public void killHard() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        killHard();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        deleteRecursively(directory);
    }

    private static String serverProperties(Path logDirectory, int brokerPort, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirectory,
                "num.partitions=4",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") ;
    }

    private void awaitReady() {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + ": "
                            + tail(directory.resolve("broker.log")));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.currentTimeMillis() > deadline) {
                        close();
                        throw new IllegalStateException("the Kafka broker was not ready within "
                                + READY_TIMEOUT_MS + " ms: " + tail(directory.resolve("broker.log")), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> mainAndArguments, String classpath, Path log) throws IOException {
        Process process = java(mainAndArguments, classpath, log);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(mainAndArguments.getFirst() + " failed: " + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private static Process java(List<String> mainAndArguments, String classpath, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath));
        command.addAll(mainAndArguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String classpath() throws IOException {
        String file = System.getProperty(CLASSPATH_FILE_PROPERTY);
        if (file == null) {
            throw new IllegalStateException(CLASSPATH_FILE_PROPERTY + " is not set: run the tests through Maven");
        }
        return Files.readString(Path.of(file)).strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4_000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a scratch directory under /tmp: left for the OS
        }
    }
}
