package dev.playtrace.bench.run;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's HTTP client, run as its own OS process: posts prepared bodies over keep-alive loopback connections
 * (plain HTTP/1.1 on sockets, so the client costs as little CPU as possible), bounded by a request count and a
 * duration, and prints one {@code RESULT} line. Bodies are read from a file, one per line; every {@link #CYCLE_MARKER}
 * in a body is replaced by the pass number over the file, so a body posted again belongs to new views and is not
 * dropped as a duplicate.
 *
 * <p>Arguments: {@code host port path bodiesFile connections maxRequests durationMs warmupMs}.
 */
public final class LoadGenerator {
    /** Replaced in every body by the pass number over the bodies, zero-padded to the same width. */
    public static final String CYCLE_MARKER = "~00000";
    static final String RESULT_PREFIX = "RESULT ";
    private static final byte[] MARKER_BYTES = CYCLE_MARKER.getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final String path;
    private final List<byte[]> bodies;
    private final List<int[]> markerOffsets;
    private final int connections;
    private final long maxRequests;
    private final long durationNs;
    private final long warmupNs;
    /** Requests started per second over all connections; 0: each connection sends as fast as it is answered. */
    private final double requestsPerSecond;
    private final AtomicLong nextRequest = new AtomicLong();
    /** Set before the connections start, so every worker sees it. */
    private long runStartNs;

    private LoadGenerator(String host, int port, String path, List<byte[]> bodies, int connections, long maxRequests,
            long durationMs, long warmupMs, double requestsPerSecond) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.bodies = bodies;
        this.markerOffsets = bodies.stream().map(LoadGenerator::markerOffsets).toList();
        this.connections = connections;
        this.maxRequests = maxRequests;
        this.durationNs = durationMs * 1_000_000L;
        this.warmupNs = warmupMs * 1_000_000L;
        this.requestsPerSecond = requestsPerSecond;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: LoadGenerator host port path bodiesFile connections maxRequests durationMs warmupMs"
                    + " requestsPerSecond");
            System.exit(2);
        }
        List<byte[]> bodies = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                bodies.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        LoadGenerator generator = new LoadGenerator(args[0], Integer.parseInt(args[1]), args[2], bodies,
                Integer.parseInt(args[4]), Long.parseLong(args[5]), Long.parseLong(args[6]), Long.parseLong(args[7]),
                Double.parseDouble(args[8]));
        System.out.println(generator.run().toLine());
    }

    private LoadResult run() throws InterruptedException {
        runStartNs = System.nanoTime();
        long warmupEndNs = runStartNs + warmupNs;
        long deadlineNs = warmupEndNs + durationNs;
        Worker[] workers = new Worker[connections];
        Thread[] threads = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            workers[i] = new Worker(warmupEndNs, deadlineNs);
            threads[i] = new Thread(workers[i], "load-" + i);
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long measuredEndNs = Math.min(System.nanoTime(), Math.max(deadlineNs, warmupEndNs));
        long requests = 0;
        long failed = 0;
        long accepted = 0;
        long measuredRequests = 0;
        long measuredAccepted = 0;
        long lastEndNs = warmupEndNs;
        List<long[]> latencies = new ArrayList<>();
        String firstError = null;
        for (Worker worker : workers) {
            requests += worker.requests;
            failed += worker.failed;
            accepted += worker.accepted;
            measuredRequests += worker.measuredRequests;
            measuredAccepted += worker.measuredAccepted;
            lastEndNs = Math.max(lastEndNs, worker.lastEndNs);
            latencies.add(Arrays.copyOf(worker.latencyNs, worker.latencyCount));
            if (firstError == null) {
                firstError = worker.error;
            }
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        // a count bound can end the run before the deadline: measure up to the last answer then
        long measuredNs = Math.max(1, Math.min(measuredEndNs, lastEndNs) - warmupEndNs);
        // the wall clock of the last answer, for the parent to time what the server does after it
        long lastAnswerAtEpochMs = System.currentTimeMillis() - (System.nanoTime() - lastEndNs) / 1_000_000;
        return new LoadResult(requests, failed, accepted, measuredRequests, measuredAccepted, measuredNs,
                Samples.percentileOfSorted(all, 50), Samples.percentileOfSorted(all, 99), lastAnswerAtEpochMs,
                firstError);
    }

    private byte[] body(long requestIndex) {
        int index = (int) (requestIndex % bodies.size());
        long cycle = requestIndex / bodies.size();
        byte[] template = bodies.get(index);
        int[] offsets = markerOffsets.get(index);
        if (offsets.length == 0) {
            return template;
        }
        byte[] body = template.clone();
        byte[] digits = String.format(Locale.ROOT, "~%05d", cycle % 100_000).getBytes(StandardCharsets.US_ASCII);
        for (int offset : offsets) {
            System.arraycopy(digits, 0, body, offset, digits.length);
        }
        return body;
    }

    private static int[] markerOffsets(byte[] body) {
        List<Integer> offsets = new ArrayList<>();
        outer:
        for (int i = 0; i + MARKER_BYTES.length <= body.length; i++) {
            for (int j = 0; j < MARKER_BYTES.length; j++) {
                if (body[i + j] != MARKER_BYTES[j]) {
                    continue outer;
                }
            }
            offsets.add(i);
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One keep-alive connection posting one request at a time. */
    private final class Worker implements Runnable {
        private final long warmupEndNs;
        private final long deadlineNs;
        long requests;
        long failed;
        long accepted;
        long measuredRequests;
        long measuredAccepted;
        long lastEndNs;
        long[] latencyNs = new long[4096];
        int latencyCount;
        String error;

        Worker(long warmupEndNs, long deadlineNs) {
            this.warmupEndNs = warmupEndNs;
            this.deadlineNs = deadlineNs;
        }

        @Override
        public void run() {
            try (Socket socket = new Socket(host, port)) {
                socket.setTcpNoDelay(true);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                byte[] headPrefix = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nContent-Type: application/json\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)"
                        + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\nContent-Length: ")
                        .getBytes(StandardCharsets.US_ASCII);
                while (true) {
                    long startNs = System.nanoTime();
                    if (startNs >= deadlineNs) {
                        return;
                    }
                    long index = nextRequest.getAndIncrement();
                    if (index >= maxRequests) {
                        return;
                    }
                    if (requestsPerSecond > 0) {
                        // paced: request i starts i / rate seconds into the run, whichever connection sends it
                        long dueNs = runStartNs + (long) (index * 1e9 / requestsPerSecond);
                        while (System.nanoTime() < dueNs) {
                            LockSupport.parkNanos(dueNs - System.nanoTime());
                        }
                        startNs = System.nanoTime();
                        if (startNs >= deadlineNs) {
                            return;
                        }
                    }
                    byte[] body = body(index);
                    out.write(headPrefix);
                    out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    Response response = readResponse(in);
                    long endNs = System.nanoTime();
                    requests++;
                    int acceptedHere = response.status / 100 == 2 ? acceptedCount(response.body) : 0;
                    accepted += acceptedHere;
                    if (response.status / 100 != 2) {
                        failed++;
                        if (error == null) {
                            error = "HTTP " + response.status + ": " + new String(response.body, StandardCharsets.UTF_8);
                        }
                    }
                    if (startNs >= warmupEndNs) {
                        measuredRequests++;
                        measuredAccepted += acceptedHere;
                        lastEndNs = endNs;
                        if (latencyCount == latencyNs.length) {
                            latencyNs = Arrays.copyOf(latencyNs, latencyNs.length * 2);
                        }
                        latencyNs[latencyCount++] = endNs - startNs;
                    }
                }
            } catch (IOException | RuntimeException e) {
                error = e.toString();
            }
        }
    }

    private record Response(int status, byte[] body) {
    }

    /** Reads one HTTP/1.1 response with a Content-Length body (what the server sends for these routes). */
    private static Response readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int contentLength = -1;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                contentLength = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        if (contentLength < 0) {
            throw new IOException("response without Content-Length: " + statusLine);
        }
        byte[] body = in.readNBytes(contentLength);
        if (body.length != contentLength) {
            throw new EOFException("connection closed inside a response body");
        }
        return new Response(status, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The {@code accepted} count of a collector's answer ({@code {"accepted":N,...}}); 0 when absent. */
    static int acceptedCount(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("\"accepted\":");
        if (at < 0) {
            return 0;
        }
        int i = at + "\"accepted\":".length();
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        int value = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i++) - '0');
        }
        return value;
    }

    /**
     * What one load run did; {@code measured*} excludes the warm-up.
     *
     * @param lastAnswerAtEpochMs wall clock of the last answer of the measured period
     */
    record LoadResult(long requests, long failed, long accepted, long measuredRequests, long measuredAccepted,
            long measuredNs, long p50Ns, long p99Ns, long lastAnswerAtEpochMs, String error) {

        double requestsPerSecond() {
            return measuredRequests * 1e9 / measuredNs;
        }

        double acceptedPerSecond() {
            return measuredAccepted * 1e9 / measuredNs;
        }

        String toLine() {
            return RESULT_PREFIX + requests + " " + failed + " " + accepted + " " + measuredRequests + " "
                    + measuredAccepted + " " + measuredNs + " " + p50Ns + " " + p99Ns + " " + lastAnswerAtEpochMs + " "
                    + (error == null ? "-" : error.replace('\n', ' '));
        }

        static LoadResult parse(String line) {
            String[] parts = line.substring(RESULT_PREFIX.length()).split(" ", 10);
            return new LoadResult(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    Long.parseLong(parts[3]), Long.parseLong(parts[4]), Long.parseLong(parts[5]),
                    Long.parseLong(parts[6]), Long.parseLong(parts[7]), Long.parseLong(parts[8]),
                    parts[9].equals("-") ? null : parts[9]);
        }
    }
}
