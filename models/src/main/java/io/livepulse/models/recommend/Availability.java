package io.livepulse.models.recommend;

import java.util.BitSet;

/**
 * Which streamers are live at each step of a window, derived from the log itself as in LiveRec: a streamer is
 * live at step {@code s} when some interaction with it has {@code start <= s < stop}.
 */
public final class Availability {
    private final int fromStep;
    private final int[][] live;

    private Availability(int fromStep, int[][] live) {
        this.fromStep = fromStep;
        this.live = live;
    }

    /** The live sets of every step in {@code [fromStep, toStep)}. */
    public static Availability of(ViewingLog log, int fromStep, int toStep) {
        var sets = new BitSet[toStep - fromStep];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = new BitSet();
        }
        for (int i = 0; i < log.size(); i++) {
            int a = Math.max(fromStep, log.start(i));
            int b = Math.min(toStep, log.stop(i));
            for (int s = a; s < b; s++) {
                sets[s - fromStep].set(log.streamer(i));
            }
        }
        int[][] live = new int[sets.length][];
        for (int i = 0; i < sets.length; i++) {
            live[i] = sets[i].stream().toArray();
        }
        return new Availability(fromStep, live);
    }

    /** Streamer indices live at {@code step}, ascending; do not modify. */
    public int[] liveAt(int step) {
        int i = step - fromStep;
        if (i < 0 || i >= live.length) {
            throw new IllegalArgumentException("step " + step + " is outside the window [" + fromStep + ", "
                    + (fromStep + live.length) + ")");
        }
        return live[i];
    }
}
