package dev.playtrace.server.collector;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Lets Helidon accept {@code Content-Encoding: gzip} request bodies (player SDKs compress beacons). Helidon's own gzip
 * module is not published for the Helidon version we use, and without a registered decoder it refuses such requests.
 * Responses are never compressed.
 */
public final class GzipRequestDecoding implements ContentEncoding {
    @Override
    public Set<String> ids() {
        return Set.of("gzip", "x-gzip");
    }

    @Override
    public boolean supportsEncoding() {
        return false;
    }

    @Override
    public boolean supportsDecoding() {
        return true;
    }

    @Override
    public ContentDecoder decoder() {
        return compressed -> {
            try {
                return new GZIPInputStream(compressed);
            } catch (IOException e) {
                throw new UncheckedIOException("Content-Encoding is gzip but the body is not gzip data", e);
            }
        };
    }

    @Override
    public ContentEncoder encoder() {
        return ContentEncoder.NO_OP;
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public String type() {
        return "gzip";
    }
}
