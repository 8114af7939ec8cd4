package dev.playtrace.bench.run;

/** The startup baseline: a JVM on the server's classpath that does nothing. */
public final class JvmBaseline {
    private JvmBaseline() {
    }

    public static void main(String[] args) {
        // starting and stopping the JVM is the whole measurement
    }
}
