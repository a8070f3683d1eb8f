package io.livepulse.models.recommend;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Availability inferred from evidence that a streamer (or room) was live: a streamer is a candidate at time
 * {@code t} when some piece of evidence about it lies within {@code [t - radius, t + radius]}. Evidence is an
 * interaction start (twitch105k, radius 3 steps; DRIVER, radius 1800 s) or a presence snapshot (DRIVER). Used
 * for logs that have no stop time, where {@link Availability}'s {@code start <= s < stop} rule cannot apply.
 */
public final class CandidateWindow {
    private final int radius;
    private final int[] times;
    private final int[] streamers;

    private CandidateWindow(int radius, int[] times, int[] streamers) {
        this.radius = radius;
        this.times = times;
        this.streamers = streamers;
    }

    /**
     * Evidence {@code (times[i], streamers[i])} in any order (the arrays are not kept).
     *
     * @param radius how far from a query time evidence still counts, in the log's time unit, inclusive
     */
    public static CandidateWindow of(int radius, int[] times, int[] streamers) {
        if (radius < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + radius);
        }
        if (times.length != streamers.length) {
            throw new IllegalArgumentException("times and streamers differ in length: " + times.length + " vs "
                    + streamers.length);
        }
        long[] packed = new long[times.length];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = ((long) times[i] << 32) | (streamers[i] & 0xffffffffL);
        }
        Arrays.sort(packed);
        int[] t = new int[packed.length];
        int[] s = new int[packed.length];
        for (int i = 0; i < packed.length; i++) {
            t[i] = (int) (packed[i] >> 32);
            s[i] = (int) packed[i];
        }
        return new CandidateWindow(radius, t, s);
    }

    /** The interaction starts of {@code log} as evidence. */
    public static CandidateWindow ofStarts(ViewingLog log, int radius) {
        int[] t = new int[log.size()];
        int[] s = new int[log.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = log.start(i);
            s[i] = log.streamer(i);
        }
        return of(radius, t, s);
    }

    public int radius() {
        return radius;
    }

    /** Distinct streamers with evidence within the radius of {@code time}, ascending by index. */
    public int[] at(int time) {
        int from = lowerBound((long) time - radius);
        var seen = new BitSet();
        for (int i = from; i < times.length && times[i] <= (long) time + radius; i++) {
            seen.set(streamers[i]);
        }
        return seen.stream().toArray();
    }

    private int lowerBound(long time) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
