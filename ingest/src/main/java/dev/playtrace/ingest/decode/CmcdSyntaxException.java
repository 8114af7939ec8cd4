package dev.playtrace.ingest.decode;

/** One CMCD report line is not valid CMCD text; the message names the problem and is safe to show to the client. */
public final class CmcdSyntaxException extends Exception {
    public CmcdSyntaxException(String message) {
        super(message, null, false, false);
    }
}
