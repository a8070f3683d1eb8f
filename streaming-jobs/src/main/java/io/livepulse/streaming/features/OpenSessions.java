package io.livepulse.streaming.features;

import io.livepulse.models.features.SessionTotals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All of one user-room's open session state in one value, so {@link WatchSessionizer} reads and writes one state
 * entry per event instead of a map of windows and a map of player times: the open windows' sums (disjoint, sorted
 * by start) and, for each millisecond with a player event, whether one of them is a LEAVE (sorted by time).
 * Mutable; {@link OpenSessionsSerializer#copy} copies it deeply for the heap backend's copy-on-write snapshots.
 */
public final class OpenSessions {
    private final List<SessionTotals> windows;
    private long[] times;
    private boolean[] leaves;
    private int size;

    public OpenSessions() {
        this(new ArrayList<>(2), new long[8], new boolean[8], 0);
    }

    OpenSessions(List<SessionTotals> windows, long[] times, boolean[] leaves, int size) {
        this.windows = windows;
        this.times = times;
        this.leaves = leaves;
        this.size = size;
    }

    /** The open windows, sorted by start; callers change it through {@link #replace}. */
    List<SessionTotals> windows() {
        return windows;
    }

    /**
     * Removes the windows {@code [from, to)} (those {@code sums} merged) and adds {@code sums}, keeping the windows
     * sorted by start.
     */
    void replace(int from, int to, SessionTotals sums) {
        windows.subList(from, to).clear();
        int at = 0;
        while (at < windows.size() && windows.get(at).firstMs() < sums.firstMs()) {
            at++;
        }
        windows.add(at, sums);
    }

    /** Records a player event at {@code timeMs}; several in one millisecond count as a leave if any is. */
    void addPlayerTime(long timeMs, boolean leave) {
        int at = size == 0 || times[size - 1] < timeMs ? -size - 1 : Arrays.binarySearch(times, 0, size, timeMs);
        if (at >= 0) {
            leaves[at] |= leave;
            return;
        }
        int insert = -at - 1;
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            leaves = Arrays.copyOf(leaves, size * 2);
        }
        System.arraycopy(times, insert, times, insert + 1, size - insert);
        System.arraycopy(leaves, insert, leaves, insert + 1, size - insert);
        times[insert] = timeMs;
        leaves[insert] = leave;
        size++;
    }

    /**
     * W of the player events in {@code [fromMs, toMs)}: the time from each event that is not a LEAVE to the next,
     * as {@code WatchSessions.watchTimeMs} computes it from the same times.
     */
    long watchTimeMs(long fromMs, long toMs) {
        long watchMs = 0;
        long previous = 0;
        boolean previousLeave = true;
        for (int i = firstAtOrAfter(fromMs); i < size && times[i] < toMs; i++) {
            if (!previousLeave) {
                watchMs += times[i] - previous;
            }
            previous = times[i];
            previousLeave = leaves[i];
        }
        return watchMs;
    }

    /** Drops the windows in {@code expired} and their player times. */
    void expire(List<SessionTotals> expired, long gapMs) {
        windows.removeAll(expired);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!inAny(expired, times[i], gapMs)) {
                times[kept] = times[i];
                leaves[kept] = leaves[i];
                kept++;
            }
        }
        size = kept;
    }

    boolean isEmpty() {
        return windows.isEmpty();
    }

    int playerTimes() {
        return size;
    }

    long timeAt(int i) {
        return times[i];
    }

    boolean leaveAt(int i) {
        return leaves[i];
    }

    OpenSessions deepCopy() {
        return new OpenSessions(new ArrayList<>(windows), Arrays.copyOf(times, Math.max(size, 1)),
                Arrays.copyOf(leaves, Math.max(size, 1)), size);
    }

    private int firstAtOrAfter(long timeMs) {
        int at = Arrays.binarySearch(times, 0, size, timeMs);
        return at >= 0 ? at : -at - 1;
    }

    private static boolean inAny(List<SessionTotals> windows, long timeMs, long gapMs) {
        for (SessionTotals w : windows) {
            if (timeMs >= w.firstMs() && timeMs < w.lastMs() + gapMs) {
                return true;
            }
        }
        return false;
    }
}
