package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import io.livepulse.models.features.SessionTotals;
import io.livepulse.models.features.WatchSessions;
import io.livepulse.schemas.feature.WatchSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.util.OutputTag;

/**
 * Each user-room's watch sessions in event time (keyed by room, a namespace per user), equal to
 * {@link WatchSessions#summarize} of their events: the semantics of Flink's
 * {@code EventTimeSessionWindows.withGap(gap)} with {@code allowedLateness} and the default event-time trigger,
 * without the merging-window bookkeeping Flink redoes for every event.
 *
 * <ul>
 *   <li>An event opens the window {@code [t, t + gap)}; windows that touch or overlap merge.
 *   <li>A window fires when the watermark reaches its last millisecond; an event added to a window that already
 *       fired fires it again at once (the new summary amends the earlier one).
 *   <li>A window is dropped {@code allowedLateness} after its last millisecond; an event whose window would
 *       already be dropped goes to {@code late}.
 * </ul>
 */
public final class WatchSessionizer extends PerUserOperator<Activity, WatchSession> {
    private final long gapMs;
    private final long latenessMs;
    private final double k;
    private final OutputTag<Activity> late;
    /**
     * The key's open windows' order-independent sums (a window is {@code [first event, last event + gap)}, so the
     * sums also give its bounds) and, per millisecond with a player event, whether one of them is a LEAVE: all W
     * needs, a few bytes per heartbeat instead of the event (checkpoints write the whole state, so its size is
     * checkpoint time). One value, so an event costs one state read and one write. Windows are disjoint time
     * ranges and every time lies in the one containing it, so a player time never moves when windows merge.
     */
    private transient ValueState<OpenSessions> state;

    public WatchSessionizer(Duration heartbeatGap, Duration allowedLateness, double k, OutputTag<Activity> late) {
        this.gapMs = heartbeatGap.toMillis();
        this.latenessMs = allowedLateness.toMillis();
        this.k = k;
        this.late = late;
    }

    @Override
    protected void openUser() throws Exception {
        state = userState(new ValueStateDescriptor<>("open-sessions", OpenSessionsSerializer.TYPE));
    }

    @Override
    protected String userOf(Activity a) {
        return a.userId();
    }

    @Override
    protected void process(Activity a) throws Exception {
        long watermark = currentWatermark();
        long start = a.timeMs();
        long end = a.timeMs() + gapMs;
        OpenSessions open = state.value();
        // The windows the event's window touches or overlaps (Flink's TimeWindow.intersects): the stored windows
        // are disjoint and sorted by start, so they are the run [from, to); no list per event.
        int from = 0;
        int to = 0;
        if (open != null) {
            List<SessionTotals> windows = open.windows();
            int n = windows.size();
            while (from < n && endOf(windows.get(from)) < start) {
                from++;
            }
            to = from;
            while (to < n && windows.get(to).firstMs() <= end) {
                to++;
            }
        }
        if (from == to && end - 1 + latenessMs <= watermark) {
            emit(late, a);
            return;
        }
        if (open == null) {
            open = new OpenSessions();
        }
        boolean firingPending = false;
        // Same sums, in the same order, as SessionTotals.of(a, k).plus(w1).plus(w2)...; one record fewer per event.
        SessionTotals sums = null;
        for (int i = from; i < to; i++) {
            SessionTotals w = open.windows().get(i);
            firingPending |= endOf(w) - 1 > watermark;
            sums = sums == null ? w.plus(a, k) : sums.plus(w);
        }
        boolean opened = sums == null;
        if (opened) {
            sums = SessionTotals.of(a, k);
        }
        end = endOf(sums);
        open.replace(from, to, sums);
        if (a.kind().player()) {
            open.addPlayerTime(a.timeMs(), a.kind() == ActivityKind.LEAVE);
        }
        state.update(open);
        long maxTs = end - 1;
        if (maxTs <= watermark) {
            emit(session(open, sums));
            if (opened) {
                registerTimer(maxTs + latenessMs);
            }
        } else if (!firingPending) {
            registerTimer(maxTs);
        }
    }

    /**
     * Timers are lazy: extending a window neither deletes its timer nor adds one. Each window always has a pending
     * timer at or before the moment it is due (its last millisecond until it fired, then that plus the lateness),
     * and a timer that finds a window not yet due re-registers it at that moment. Flink fires timers registered at
     * or before the current watermark in the same advance, so windows fire and expire exactly when they are due.
     */
    @Override
    protected void onTimer(long timestamp) throws Exception {
        OpenSessions open = state.value();
        if (open == null) {
            return;
        }
        var expired = new ArrayList<SessionTotals>(1);
        for (SessionTotals w : open.windows()) {
            long maxTs = endOf(w) - 1;
            if (maxTs == timestamp) {
                emit(session(open, w));
            }
            if (maxTs + latenessMs <= timestamp) {
                expired.add(w);
            } else {
                registerTimer(maxTs > timestamp ? maxTs : maxTs + latenessMs);
            }
        }
        if (expired.isEmpty()) {
            return;
        }
        if (expired.size() == open.windows().size()) {
            state.clear();
            return;
        }
        open.expire(expired, gapMs);
        state.update(open);
    }

    /** A window spans its events and the gap after the last: {@code [first, last + gap)}. */
    private long endOf(SessionTotals window) {
        return window.lastMs() + gapMs;
    }

    private WatchSession session(OpenSessions open, SessionTotals window) {
        return window.toWatchSession(open.watchTimeMs(window.firstMs(), endOf(window)));
    }
}
