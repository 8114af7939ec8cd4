package dev.playtrace.simulator;

import java.util.SplittableRandom;

/** Small helpers over {@link SplittableRandom}: seed mixing, ids, and the distributions the simulator draws from. */
final class Randoms {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Randoms() {
    }

    /** A well-mixed 64-bit seed for item {@code index} of a stream seeded with {@code seed} (SplitMix64 finalizer). */
    static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A random (version 4 layout) UUID string drawn from {@code random}. */
    static String uuid(SplittableRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        int position = 0;
        for (int nibble = 0; nibble < 32; nibble++) {
            if (position == 8 || position == 13 || position == 18 || position == 23) {
                out[position++] = '-';
            }
            long word = nibble < 16 ? high : low;
            out[position++] = HEX[(int) (word >>> ((15 - (nibble & 15)) * 4)) & 0xF];
        }
        return new String(out);
    }

    /** Index of the bucket of a cumulative distribution (last value 1.0) that a uniform draw falls in. */
    static int pickCumulative(SplittableRandom random, double[] cumulative) {
        double u = random.nextDouble();
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** Log-normal with the given median and shape, clamped to {@code [min, max]}, rounded to whole ms. */
    static long logNormal(SplittableRandom random, double median, double sigma, long min, long max) {
        double value = median * Math.exp(sigma * gaussian(random));
        return Math.max(min, Math.min(max, Math.round(value)));
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller; one value per call keeps the draw count per call fixed (simpler determinism)
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Exponential waiting time in ms for an event rate given per minute. */
    static long exponentialMs(SplittableRandom random, double ratePerMinute) {
        if (ratePerMinute <= 0) {
            return Long.MAX_VALUE / 4;
        }
        double minutes = -Math.log(1.0 - random.nextDouble()) / ratePerMinute;
        return (long) Math.min(Long.MAX_VALUE / 4.0, minutes * 60_000.0);
    }

    static long between(SplittableRandom random, long minInclusive, long maxInclusive) {
        return random.nextLong(minInclusive, maxInclusive + 1);
    }
}
