package dev.playtrace.server.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Reads a request body, gunzipping it when asked, and refuses more than a limit of (decompressed) bytes. */
final class BodyReader {
    private static final int CHUNK_BYTES = 16 * 1024;

    private BodyReader() {
    }

    /** Thrown when the body (after decompression) is larger than the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limitBytes) {
            super("body larger than " + limitBytes + " bytes");
        }
    }

    /** Thrown when a body declared gzip is not valid gzip. */
    static final class BadEncodingException extends IOException {
        BadEncodingException(String message) {
            super(message);
        }
    }

    static byte[] read(InputStream raw, boolean gzip, long limitBytes) throws IOException {
        InputStream in = raw;
        if (gzip) {
            try {
                in = new GZIPInputStream(raw, CHUNK_BYTES);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new BadEncodingException("Content-Encoding is gzip but the body is not gzip data");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK_BYTES];
        long total = 0;
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
                if (total > limitBytes) {
                    throw new TooLargeException(limitBytes);
                }
                out.write(buffer, 0, read);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new BadEncodingException("the gzip body is corrupt or truncated");
        }
        return out.toByteArray();
    }
}
