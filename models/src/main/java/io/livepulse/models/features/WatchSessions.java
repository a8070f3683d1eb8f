package io.livepulse.models.features;

import io.livepulse.schemas.feature.WatchSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Sessionization rules for W, the same in the Flink job and in {@link FeatureReference}.
 *
 * <ul>
 *   <li>A user's player events and interactions in a room are ordered by {@link Activity#EVENT_ORDER}; a
 *       session ends where two consecutive events are at least {@code heartbeatGap} apart (the Flink job uses
 *       event-time session windows with this gap).
 *   <li>W sums the intervals from a JOIN or HEARTBEAT to the next player event; an interval that starts at a
 *       LEAVE counts nothing, so a leave ends watching even when the user comes back within the gap. Player events
 *       in the same millisecond count as one, a leave if any of them is: W needs only the times of a session's
 *       player events, not their ids, which lets the Flink job keep sums and times instead of events.
 *   <li>T is the mean of {@code k*log2(V)/R} over heartbeats with V &gt; 0 and R &gt; 0.
 *   <li>I is interactions / max(W, 1 minute), per minute ({@link #perMinute}); O is the gift count.
 * </ul>
 */
public final class WatchSessions {
    private WatchSessions() {}

    /** Splits one user-room's events at gaps of {@code heartbeatGap} or more and summarizes each session. */
    public static List<WatchSession> split(List<Activity> events, Duration heartbeatGap, double k) {
        var sorted = events.stream().filter(a -> a.kind().sessionScoped()).sorted(Activity.EVENT_ORDER).toList();
        var sessions = new ArrayList<WatchSession>();
        int from = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || sorted.get(i).timeMs() - sorted.get(i - 1).timeMs() >= heartbeatGap.toMillis()) {
                if (i > from) {
                    sessions.add(summarize(sorted.subList(from, i), k));
                }
                from = i;
            }
        }
        return sessions;
    }

    /**
     * Summarizes the events of one session (one user, one room, in any order).
     *
     * @throws IllegalArgumentException if {@code events} is empty
     */
    public static WatchSession summarize(List<Activity> events, double k) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one event");
        }
        SessionTotals totals = null;
        var leaveAt = new TreeMap<Long, Boolean>();
        for (Activity a : events.stream().sorted(Activity.EVENT_ORDER).toList()) {
            var one = SessionTotals.of(a, k);
            totals = totals == null ? one : totals.plus(one);
            if (a.kind().player()) {
                leaveAt.merge(a.timeMs(), a.kind() == ActivityKind.LEAVE, Boolean::logicalOr);
            }
        }
        return totals.toWatchSession(watchTimeMs(leaveAt));
    }

    /**
     * W of one session from its player events: for each millisecond that has a player event, whether one of them is
     * a LEAVE. W sums the gaps from each such time to the next one, except gaps that start at a leave.
     */
    public static long watchTimeMs(NavigableMap<Long, Boolean> leaveAtPlayerTimes) {
        long watchMs = 0;
        long previous = 0;
        boolean previousLeave = true;
        for (var time : leaveAtPlayerTimes.entrySet()) {
            if (!previousLeave) {
                watchMs += time.getKey() - previous;
            }
            previous = time.getKey();
            previousLeave = time.getValue();
        }
        return watchMs;
    }

    /**
     * The shortest watch time a rate is taken over. A visit of a few seconds with one like is not 30
     * interactions a minute: below this, the events are counted as if the viewer had watched this long.
     */
    public static final long MIN_RATE_WATCH_MS = 60_000;

    /**
     * The one definition of a per-minute rate of W, used for I ({@code interactionsPerMinute} of sessions and
     * user-room features, the rooms' {@code avgInteractionsPerMinute}) and for the seed fits' I (chat) and sigma
     * (likes): {@code events / max(W, MIN_RATE_WATCH_MS)} in minutes, so it is never above {@code events}; 0 when
     * nothing was watched (interactions without player events).
     */
    public static double perMinute(long events, long watchMs) {
        return watchMs <= 0 ? 0.0 : events / (Math.max(watchMs, MIN_RATE_WATCH_MS) / 60_000.0);
    }
}
