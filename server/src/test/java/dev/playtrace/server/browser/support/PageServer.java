package dev.playtrace.server.browser.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on a free localhost port for browser tests: test pages, media and npm packages, with faults a test
 * switches on per path, and a log of every request with its times.
 *
 * <p>URL layout:
 * <ul>
 *   <li>{@code /pages/...}: {@code src/test/resources/browser/...} as copied to the test classpath
 *       ({@code <build dir>/test-classes/browser/}), e.g. {@code /pages/muxembed/player.html}.</li>
 *   <li>{@code /media/...}: {@link MediaFixtures#dir()}, e.g. {@code /media/progressive.mp4},
 *       {@code /media/hls/master.m3u8}, {@code /media/hls/r360/seg_004.ts}.</li>
 *   <li>{@code /node_modules/...}: {@code src/test/web/node_modules/} (installed by {@code npm ci} in the build),
 *       e.g. {@code /node_modules/hls.js/dist/hls.mjs}.</li>
 *   <li>anything {@link #mount mounted} (e.g. a built SDK).</li>
 * </ul>
 * Single byte ranges ({@code Range: bytes=a-b}) are answered with 206, as Chromium asks for them on progressive
 * media. Every response carries {@code Cache-Control: no-store}, so a fault added later is seen by the next request,
 * and {@code Access-Control-Allow-Origin: *}.
 *
 * <p>Faults match the request path (without query) against a regular expression, in the order added; the first
 * match wins, and a fault with a limit stops matching after that many requests. Use one instance per test class
 * and {@link #reset()} between tests.
 */
public final class PageServer implements AutoCloseable {
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("cjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("css", "text/css"), Map.entry("m3u8", "application/vnd.apple.mpegurl"),
            Map.entry("mpd", "application/dash+xml"), Map.entry("ts", "video/mp2t"), Map.entry("m4s", "video/iso.segment"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("vtt", "text/vtt"));
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Path pagesDir;
    private final Path mediaDir;
    private final Path nodeModulesDir;
    private final Map<String, Path> mounts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<RequestRecord> requests = new CopyOnWriteArrayList<>();

    /** What a fault does to a matching request. */
    public enum FaultKind {
        /** Wait {@code value} ms before answering normally. */
        DELAY,
        /** Answer with HTTP status {@code value} and an empty body. */
        STATUS,
        /**
         * The file breaks at byte offset {@code value}: a response announces its full length but stops at that offset
         * and drops the connection; a range starting at or past it is answered 500.
         */
        TRUNCATE
    }

    /** One fault rule; {@code remaining} counts down when limited (negative: unlimited). */
    public record Fault(Pattern path, FaultKind kind, long value, AtomicInteger remaining) {
        boolean take(String requestPath) {
            if (!path.matcher(requestPath).matches()) {
                return false;
            }
            if (remaining.get() < 0) {
                return true;
            }
            return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }
    }

    /**
     * One request as served. Times are epoch ms of this JVM's clock ({@link System#currentTimeMillis()}):
     * {@code receivedAtMs} when the request arrived, {@code respondedAtMs} when the response headers went out (after
     * any delay), {@code finishedAtMs} when the body was done or dropped. {@code fault} is null when none applied.
     */
    public record RequestRecord(String method, String path, String query, String range, long receivedAtMs,
                                long respondedAtMs, long finishedAtMs, int status, long bytesSent, FaultKind fault) {
    }

    private PageServer(HttpServer http, Path pagesDir, Path mediaDir, Path nodeModulesDir) {
        this.http = http;
        this.pagesDir = pagesDir;
        this.mediaDir = mediaDir;
        this.nodeModulesDir = nodeModulesDir;
    }

    /** Starts on a free port, making the {@link MediaFixtures} first if this build has none yet. */
    public static PageServer start() {
        Path moduleDir = moduleDir();
        Path nodeModules = moduleDir.resolve("src/test/web/node_modules");
        if (!Files.isDirectory(nodeModules)) {
            throw new IllegalStateException(nodeModules + " is missing: run the server module's Maven build (its"
                    + " generate-test-resources phase runs npm ci), or npm ci in src/test/web");
        }
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            PageServer server = new PageServer(http, MediaFixtures.buildDir().resolve("test-classes/browser"),
                    MediaFixtures.dir(), nodeModules);
            http.createContext("/", server::handle);
            http.setExecutor(server.executor);
            http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server module's folder: surefire's {@code basedir} property, else the build directory's parent. */
    public static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        return basedir != null ? Path.of(basedir) : MediaFixtures.buildDir().getParent();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://localhost:<port>} */
    public String origin() {
        return "http://localhost:" + port();
    }

    /** Absolute URL of a path on this server, e.g. {@code url("/pages/x.html?a=1")}. */
    public URI url(String pathAndQuery) {
        return URI.create(origin() + pathAndQuery);
    }

    /**
     * Serves {@code dir} under {@code urlPrefix} too (e.g. {@code mount("/sdk/", sdkBuildDir)}); the prefix must
     * start and end with {@code /} and not shadow {@code /pages/}, {@code /media/} or {@code /node_modules/}.
     */
    public PageServer mount(String urlPrefix, Path dir) {
        if (!urlPrefix.startsWith("/") || !urlPrefix.endsWith("/") || urlPrefix.length() < 3) {
            throw new IllegalArgumentException("a mount prefix looks like /name/, got " + urlPrefix);
        }
        mounts.put(urlPrefix, dir.toAbsolutePath().normalize());
        return this;
    }

    /** Every request whose path matches {@code pathRegex} waits {@code delayMs} before it is answered. */
    public PageServer delay(String pathRegex, long delayMs) {
        return addFault(pathRegex, FaultKind.DELAY, delayMs, -1);
    }

    /** The next {@code times} requests matching {@code pathRegex} wait {@code delayMs}; later ones do not. */
    public PageServer delay(String pathRegex, long delayMs, int times) {
        return addFault(pathRegex, FaultKind.DELAY, delayMs, times);
    }

    /** Every request whose path matches {@code pathRegex} is answered with {@code status} (e.g. 404, 500). */
    public PageServer failWith(String pathRegex, int status) {
        return addFault(pathRegex, FaultKind.STATUS, status, -1);
    }

    /**
     * Every request whose path matches breaks at byte offset {@code atByte} of the file: headers announce the full
     * length, bytes before the offset are sent, then the connection drops; the browser's range request to resume
     * at the offset is answered 500. Progressive media plays what came before, then fails (Chromium: a network
     * error, code 2).
     */
    public PageServer truncate(String pathRegex, long atByte) {
        return addFault(pathRegex, FaultKind.TRUNCATE, atByte, -1);
    }

    private PageServer addFault(String pathRegex, FaultKind kind, long value, int times) {
        faults.add(new Fault(Pattern.compile(pathRegex), kind, value, new AtomicInteger(times)));
        return this;
    }

    /** Removes all faults and forgets logged requests. */
    public void reset() {
        faults.clear();
        requests.clear();
    }

    /** Requests served so far (since the last {@link #reset()}), in the order they finished. */
    public List<RequestRecord> requests() {
        return List.copyOf(requests);
    }

    /** Requests whose path matches {@code pathRegex}. */
    public List<RequestRecord> requests(String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return requests.stream().filter(r -> pattern.matcher(r.path()).matches()).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long receivedAtMs = System.currentTimeMillis();
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        Fault fault = faults.stream().filter(f -> f.take(path)).findFirst().orElse(null);
        int status = 0;
        long bytesSent = 0;
        long respondedAtMs = 0;
        try (exchange) {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            if (fault != null && fault.kind() == FaultKind.DELAY) {
                Thread.sleep(fault.value());
            }
            respondedAtMs = System.currentTimeMillis();
            Path file = resolve(path);
            if (fault != null && fault.kind() == FaultKind.STATUS) {
                status = (int) fault.value();
                exchange.sendResponseHeaders(status, -1);
            } else if (file == null || !Files.isRegularFile(file)) {
                status = 404;
                exchange.sendResponseHeaders(status, -1);
            } else if (exchange.getRequestMethod().equals("OPTIONS")) {
                status = 204;
                exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "*");
                exchange.sendResponseHeaders(status, -1);
            } else {
                long[] served = serveFile(exchange, file, range, fault);
                status = (int) served[0];
                bytesSent = served[1];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the browser went away, or a TRUNCATE fault dropped the connection on purpose
        } finally {
            requests.add(new RequestRecord(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    range, receivedAtMs, respondedAtMs, System.currentTimeMillis(), status, bytesSent,
                    fault == null ? null : fault.kind()));
        }
    }

    /** Returns {status, body bytes written}. */
    private long[] serveFile(HttpExchange exchange, Path file, String range, Fault fault) throws IOException {
        long size = Files.size(file);
        long from = 0;
        long to = size - 1;
        int status = 200;
        Matcher matcher = range == null ? null : RANGE.matcher(range.trim());
        if (matcher != null && matcher.matches()) {
            from = Long.parseLong(matcher.group(1));
            if (!matcher.group(2).isEmpty()) {
                to = Math.min(to, Long.parseLong(matcher.group(2)));
            }
            if (from > to) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                exchange.sendResponseHeaders(416, -1);
                return new long[] {416, 0};
            }
            status = 206;
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        if (fault != null && fault.kind() == FaultKind.TRUNCATE && from >= fault.value()) {
            exchange.sendResponseHeaders(500, -1);
            return new long[] {500, 0};
        }
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        long length = to - from + 1;
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : length);
        if (head) {
            return new long[] {status, 0};
        }
        long limit = fault != null && fault.kind() == FaultKind.TRUNCATE
                ? Math.max(0, Math.min(length, fault.value() - from)) : length;
        long written = 0;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[64 * 1024];
            while (written < limit) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - written));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                written += n;
            }
            out.flush();
        }
        // when a TRUNCATE fault stopped early, closing the exchange short of its fixed length drops the connection
        return new long[] {status, written};
    }

    private Path resolve(String path) {
        Path root;
        String rest;
        if (path.startsWith("/pages/")) {
            root = pagesDir;
            rest = path.substring("/pages/".length());
        } else if (path.startsWith("/media/")) {
            root = mediaDir;
            rest = path.substring("/media/".length());
        } else if (path.startsWith("/node_modules/")) {
            root = nodeModulesDir;
            rest = path.substring("/node_modules/".length());
        } else {
            Map.Entry<String, Path> mount = mounts.entrySet().stream().filter(m -> path.startsWith(m.getKey()))
                    .findFirst().orElse(null);
            if (mount == null) {
                return null;
            }
            root = mount.getValue();
            rest = path.substring(mount.getKey().length());
        }
        Path file = root.resolve(rest).normalize();
        return file.startsWith(root) ? file : null;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
