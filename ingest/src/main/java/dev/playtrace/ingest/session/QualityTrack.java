package dev.playtrace.ingest.session;

import dev.playtrace.model.BeaconFields;

import java.util.Arrays;
import java.util.Map;

/**
 * The rendition bitrate and the upscale factor in effect over a view's time, recorded as change points, and their
 * averages weighted by playing time (metrics.md §3a.10).
 */
final class QualityTrack {
    /** Averages over playing time; each null when no playing time had that value known. Upscale is a fraction. */
    record Summary(Double avgBitrateBps, Double avgUpscale, Double maxUpscale) {
        static final Summary NONE = new Summary(null, null, null);
    }

    private long[] changedAtMs = new long[2];
    private double[] bitrateBps = new double[2];
    private double[] upscale = new double[2];
    private int size;

    /** Records the values the merged fields hold from {@code atMs} on, if they differ from the current ones. */
    void update(long atMs, Map<String, Object> mergedFields) {
        long fromMs = size == 0 ? atMs : Math.max(atMs, changedAtMs[size - 1]);
        double bitrate = FieldValues.number(mergedFields.get(BeaconFields.VIDEO_SOURCE_BITRATE));
        double upscaleFactor = upscale(mergedFields);
        if (size > 0 && same(bitrate, bitrateBps[size - 1]) && same(upscaleFactor, upscale[size - 1])) {
            return;
        }
        if (size > 0 && changedAtMs[size - 1] == fromMs) {
            size--;
        } else if (size == changedAtMs.length) {
            changedAtMs = Arrays.copyOf(changedAtMs, size * 2);
            bitrateBps = Arrays.copyOf(bitrateBps, size * 2);
            upscale = Arrays.copyOf(upscale, size * 2);
        }
        changedAtMs[size] = fromMs;
        bitrateBps[size] = bitrate;
        upscale[size] = upscaleFactor;
        size++;
    }

    static boolean touchesQuality(Map<String, Object> eventFields) {
        return eventFields.containsKey(BeaconFields.VIDEO_SOURCE_BITRATE)
                || eventFields.containsKey(BeaconFields.VIDEO_SOURCE_WIDTH)
                || eventFields.containsKey(BeaconFields.VIDEO_SOURCE_HEIGHT)
                || eventFields.containsKey(BeaconFields.PLAYER_WIDTH)
                || eventFields.containsKey(BeaconFields.PLAYER_HEIGHT);
    }

    Summary summarize(IntervalSet playing) {
        double bitrateWeighted = 0;
        long bitrateKnownMs = 0;
        double upscaleWeighted = 0;
        long upscaleKnownMs = 0;
        double maxUpscale = Double.NaN;
        int segment = 0;
        for (int i = 0; i < playing.size(); i++) {
            long from = playing.start(i);
            long to = playing.end(i);
            while (segment + 1 < size && changedAtMs[segment + 1] <= from) {
                segment++;
            }
            for (int s = segment; s < size && changedAtMs[s] < to; s++) {
                long overlapMs = Math.min(to, s + 1 < size ? changedAtMs[s + 1] : to) - Math.max(from, changedAtMs[s]);
                if (overlapMs <= 0) {
                    continue;
                }
                if (!Double.isNaN(bitrateBps[s])) {
                    bitrateWeighted += bitrateBps[s] * overlapMs;
                    bitrateKnownMs += overlapMs;
                }
                if (!Double.isNaN(upscale[s])) {
                    upscaleWeighted += upscale[s] * overlapMs;
                    upscaleKnownMs += overlapMs;
                    maxUpscale = Double.isNaN(maxUpscale) ? upscale[s] : Math.max(maxUpscale, upscale[s]);
                }
            }
        }
        return new Summary(
                bitrateKnownMs == 0 ? null : bitrateWeighted / bitrateKnownMs,
                upscaleKnownMs == 0 ? null : upscaleWeighted / upscaleKnownMs,
                upscaleKnownMs == 0 ? null : maxUpscale);
    }

    /** {@code max(0, min(player_w / source_w, player_h / source_h) - 1)}, NaN when a size is unknown. */
    private static double upscale(Map<String, Object> fields) {
        double playerWidth = FieldValues.number(fields.get(BeaconFields.PLAYER_WIDTH));
        double playerHeight = FieldValues.number(fields.get(BeaconFields.PLAYER_HEIGHT));
        double sourceWidth = FieldValues.number(fields.get(BeaconFields.VIDEO_SOURCE_WIDTH));
        double sourceHeight = FieldValues.number(fields.get(BeaconFields.VIDEO_SOURCE_HEIGHT));
        if (!(playerWidth > 0 && playerHeight > 0 && sourceWidth > 0 && sourceHeight > 0)) {
            return Double.NaN;
        }
        return Math.max(0, Math.min(playerWidth / sourceWidth, playerHeight / sourceHeight) - 1);
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }
}
