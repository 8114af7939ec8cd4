package dev.playtrace.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic population of viewers, each computed on demand from the seed and its index (nothing is held in
 * memory). About 45 % are signed in ({@code viewer_user_id}); a third of those use two devices, each device with its
 * own anonymous {@code mux_viewer_id}, so unique viewers counted by user id are fewer than distinct device ids.
 * Popular viewers come back more often (a skewed pick), so viewers repeat across views.
 */
public final class ViewerPool {
    /** One device of one viewer: what every view from it shares. */
    public record ViewerDevice(
            String viewerUserId,
            String muxViewerId,
            DeviceProfile profile,
            String countryCode,
            long clockOffsetMs,
            String subscriptionTier) {

        /** The identity unique viewers count (metrics.md §3a.8): the user id where set, else the anonymous id. */
        public String viewerId() {
            return viewerUserId != null ? viewerUserId : muxViewerId;
        }
    }

    private static final String[] COUNTRIES = {
        "US", "GB", "DE", "FR", "BR", "IN", "JP", "CA", "AU", "ES", "MX", "NL", "SE", "KR", "IT", "PL", "NG", "ZA",
        "AR", "TR",
    };
    private static final double[] COUNTRY_WEIGHTS = {
        30, 9, 8, 6, 7, 6, 5, 4, 3, 3, 3, 2, 1.5, 2, 3, 1.5, 1.2, 1, 1.3, 1.5,
    };
    private static final long[] SKEWS_MS = {3_600_000L, -3_600_000L, 7_200_000L, -7_200_000L};

    private final long seed;
    private final int size;
    private final double skewedClockShare;
    private final double[] deviceCumulative;
    private final double[] countryCumulative;

    public ViewerPool(long seed, int size, double skewedClockShare) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        this.seed = seed;
        this.size = size;
        this.skewedClockShare = skewedClockShare;
        this.deviceCumulative = cumulative(DeviceProfile.POOL.stream().mapToDouble(DeviceProfile::weight).toArray());
        this.countryCumulative = cumulative(COUNTRY_WEIGHTS);
    }

    public int size() {
        return size;
    }

    /** Picks the viewer and device of one view; frequent viewers are picked more often. */
    public ViewerDevice pick(SplittableRandom random) {
        double u = random.nextDouble();
        int index = (int) Math.min(size - 1, Math.floor(size * u * u));
        SplittableRandom viewer = new SplittableRandom(Randoms.mix(seed ^ 0x5DEECE66DL, index));
        boolean signedIn = viewer.nextDouble() < 0.45;
        String userId = signedIn ? String.format("user-%07d", index) : null;
        int devices = signedIn && viewer.nextDouble() < 0.33 ? 2 : 1;
        String countryCode = COUNTRIES[Randoms.pickCumulative(viewer, countryCumulative)];
        String tier = !signedIn ? "free" : viewer.nextDouble() < 0.7 ? "premium" : "trial";
        // the second device is used for a quarter of this viewer's views
        int device = devices == 2 && random.nextDouble() < 0.25 ? 1 : 0;
        SplittableRandom deviceRandom = new SplittableRandom(Randoms.mix(seed ^ 0x2545F4914F6CDD1DL,
                (long) index * 2 + device));
        DeviceProfile profile = DeviceProfile.POOL.get(Randoms.pickCumulative(deviceRandom, deviceCumulative));
        String muxViewerId = Randoms.uuid(deviceRandom);
        long clockOffsetMs = 0;
        if (deviceRandom.nextDouble() < skewedClockShare) {
            clockOffsetMs = deviceRandom.nextDouble() < 0.6
                    ? SKEWS_MS[deviceRandom.nextInt(SKEWS_MS.length)]
                    : (deviceRandom.nextBoolean() ? 1 : -1) * (long) deviceRandom.nextInt(5_000, 600_000);
        }
        // a traveller: 2 % of views come from another country than the viewer's usual one
        if (random.nextDouble() < 0.02) {
            countryCode = COUNTRIES[random.nextInt(COUNTRIES.length)];
        }
        return new ViewerDevice(userId, muxViewerId, profile, countryCode, clockOffsetMs, tier);
    }

    static List<String> countries() {
        return List.of(COUNTRIES);
    }

    private static double[] cumulative(double[] weights) {
        double[] cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < weights.length; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }
}
