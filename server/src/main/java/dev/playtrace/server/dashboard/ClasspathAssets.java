package dev.playtrace.server.dashboard;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Serves files of one classpath folder with the right content type (ES modules need a JavaScript type). Only plain
 * names of known file types are served, so no request can read outside the folder or any other resource.
 */
final class ClasspathAssets {
    private static final Pattern SAFE_PATH = Pattern.compile(
            "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final String root;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** {@code root}: the classpath folder, ending in a slash. */
    ClasspathAssets(String root) {
        this.root = requireNonNull(root, "root is null");
    }

    /** A handler that always sends one file of the folder. */
    Handler file(String name) {
        return (request, response) -> serve(name, response);
    }

    /** A handler for {@code prefix*}: the rest of the path names the file. */
    Handler underPrefix(String prefix) {
        return (request, response) -> serve(request.path().path().substring(prefix.length()), response);
    }

    private void serve(String name, ServerResponse response) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        Optional<byte[]> body = SAFE_PATH.matcher(name).matches() && CONTENT_TYPES.containsKey(extension)
                ? cached(name) : Optional.empty();
        if (body.isEmpty()) {
            response.status(Status.NOT_FOUND_404);
            response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.send("not found");
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPES.get(extension));
        // the files change with the server version; revalidating is cheap on localhost
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.send(body.get());
    }

    /** Only files that exist are kept, so requests for made-up names cannot grow the cache. */
    private Optional<byte[]> cached(String name) {
        byte[] known = cache.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<byte[]> read = read(name);
        read.ifPresent(bytes -> cache.put(name, bytes));
        return read;
    }

    private Optional<byte[]> read(String name) {
        try (InputStream in = ClasspathAssets.class.getClassLoader().getResourceAsStream(root + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
