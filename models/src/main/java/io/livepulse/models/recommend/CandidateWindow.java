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

    /** Per streamer: its evidence times ascending, and the first time of the run each one belongs to. */
    private final int[][] byStreamer;
    private final int[][] runStart;

    private CandidateWindow(int radius, int[] times, int[] streamers) {
        this.radius = radius;
        this.times = times;
        this.streamers = streamers;
        int n = 0;
        for (int s : streamers) {
            n = Math.max(n, s + 1);
        }
        int[] count = new int[n];
        for (int s : streamers) {
            count[s]++;
        }
        byStreamer = new int[n][];
        runStart = new int[n][];
        for (int s = 0; s < n; s++) {
            byStreamer[s] = new int[count[s]];
            runStart[s] = new int[count[s]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < times.length; i++) { // times ascending, so each streamer's list is too
            int s = streamers[i];
            int k = fill[s]++;
            byStreamer[s][k] = times[i];
            // consecutive evidence at most 2 radius apart leaves no time at which the streamer is not a candidate
            runStart[s][k] = k > 0 && (long) times[i] - byStreamer[s][k - 1] <= 2L * radius ? runStart[s][k - 1]
                    : times[i];
        }
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

    /**
     * How long {@code streamer} has been a candidate without interruption at {@code time}, in the log's time unit:
     * {@code time} minus the first time of its current run of availability ({@code first evidence - radius}); -1
     * when it is not a candidate at {@code time}. Uses the same evidence as {@link #at}, no later than {@code time
     * + radius}.
     */
    public int liveFor(int streamer, int time) {
        if (streamer < 0 || streamer >= byStreamer.length) {
            return -1;
        }
        int[] t = byStreamer[streamer];
        long limit = (long) time + radius;
        int lo = 0;
        int hi = t.length;
        while (lo < hi) { // first evidence after the limit
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= limit) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int last = lo - 1;
        if (last < 0 || (long) t[last] < (long) time - radius) {
            return -1;
        }
        return (int) Math.max(0, (long) time - ((long) runStart[streamer][last] - radius));
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
