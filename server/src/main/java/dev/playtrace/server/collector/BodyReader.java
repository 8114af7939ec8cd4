package dev.playtrace.server.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body and refuses more than a limit of bytes. */
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

    static byte[] read(InputStream in, long limitBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK_BYTES];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > limitBytes) {
                throw new TooLargeException(limitBytes);
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
