package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.WatchSessions;
import io.livepulse.schemas.feature.WatchSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A user-room's watch sessions in event time, emitted as {@link WatchSessions#summarize} of their events: the
 * semantics of Flink's {@code EventTimeSessionWindows.withGap(gap)} with {@code allowedLateness} and the default
 * event-time trigger, without the merging-window bookkeeping Flink redoes for every event.
 *
 * <ul>
 *   <li>An event opens the window {@code [t, t + gap)}; windows that touch or overlap merge.
 *   <li>A window fires when the watermark reaches its last millisecond; an event added to a window that already
 *       fired fires it again at once (the new summary amends the earlier one).
 *   <li>A window is dropped {@code allowedLateness} after its last millisecond; an event whose window would
 *       already be dropped goes to {@code late}.
 * </ul>
 */
public final class WatchSessionizer extends KeyedProcessFunction<String, Activity, WatchSession> {
    private final long gapMs;
    private final long latenessMs;
    private final double k;
    private final OutputTag<Activity> late;
    private transient MapState<Long, Long> windowEnds;
    /**
     * The key's events by event time. Windows are disjoint time ranges and every event lies in the one containing its
     * time, so an event is written once and never moved when windows merge (state backends that serialize, such as
     * RocksDB, would otherwise rewrite a session's whole event list for every event).
     */
    private transient MapState<Long, List<Activity>> eventsAt;

    public WatchSessionizer(Duration heartbeatGap, Duration allowedLateness, double k, OutputTag<Activity> late) {
        this.gapMs = heartbeatGap.toMillis();
        this.latenessMs = allowedLateness.toMillis();
        this.k = k;
        this.late = late;
    }

    @Override
    public void open(OpenContext context) {
        windowEnds = getRuntimeContext().getMapState(new MapStateDescriptor<>("window-ends", Types.LONG, Types.LONG));
        eventsAt = getRuntimeContext().getMapState(new MapStateDescriptor<>("events-at", Types.LONG,
                new ListTypeInfo<>(ActivitySerializer.TYPE)));
    }

    @Override
    public void processElement(Activity a, Context ctx, Collector<WatchSession> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long start = a.timeMs();
        long end = a.timeMs() + gapMs;
        var merged = new ArrayList<long[]>(2);
        for (Map.Entry<Long, Long> w : windowEnds.entries()) {
            // Flink's TimeWindow.intersects: touching windows merge too.
            if (w.getKey() <= end && w.getValue() >= start) {
                merged.add(new long[] {w.getKey(), w.getValue()});
            }
        }
        if (merged.isEmpty() && end - 1 + latenessMs <= watermark) {
            ctx.output(late, a);
            return;
        }
        boolean firingPending = false;
        for (long[] w : merged) {
            start = Math.min(start, w[0]);
            end = Math.max(end, w[1]);
            firingPending |= w[1] - 1 > watermark;
        }
        for (long[] w : merged) {
            if (w[0] != start) {
                windowEnds.remove(w[0]);
            }
        }
        List<Activity> atTime = eventsAt.get(a.timeMs());
        atTime = atTime == null ? new ArrayList<>(1) : atTime;
        atTime.add(a);
        eventsAt.put(a.timeMs(), atTime);
        if (merged.size() != 1 || merged.get(0)[0] != start || merged.get(0)[1] != end) {
            windowEnds.put(start, end);
        }
        long maxTs = end - 1;
        if (maxTs <= watermark) {
            out.collect(WatchSessions.summarize(eventsIn(start, end), k));
            if (merged.isEmpty()) {
                ctx.timerService().registerEventTimeTimer(maxTs + latenessMs);
            }
        } else if (!firingPending) {
            ctx.timerService().registerEventTimeTimer(maxTs);
        }
    }

    /**
     * Timers are lazy: extending a window neither deletes its timer nor adds one. Each window always has a pending
     * timer at or before the moment it is due (its last millisecond until it fired, then that plus the lateness),
     * and a timer that finds a window not yet due re-registers it at that moment. Flink fires timers registered at
     * or before the current watermark in the same advance, so windows fire and expire exactly when they are due.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WatchSession> out) throws Exception {
        var expired = new ArrayList<long[]>(1);
        int windows = 0;
        for (Map.Entry<Long, Long> w : windowEnds.entries()) {
            windows++;
            long maxTs = w.getValue() - 1;
            if (maxTs == timestamp) {
                out.collect(WatchSessions.summarize(eventsIn(w.getKey(), w.getValue()), k));
            }
            if (maxTs + latenessMs <= timestamp) {
                expired.add(new long[] {w.getKey(), w.getValue()});
            } else {
                ctx.timerService().registerEventTimeTimer(maxTs > timestamp ? maxTs : maxTs + latenessMs);
            }
        }
        if (!expired.isEmpty() && expired.size() == windows) {
            windowEnds.clear();
            eventsAt.clear();
            return;
        }
        for (long[] w : expired) {
            windowEnds.remove(w[0]);
            for (Long time : timesIn(w[0], w[1])) {
                eventsAt.remove(time);
            }
        }
    }

    /** One pass over the key's events: each state access is a lookup in the backend's table, so not one per time. */
    private List<Activity> eventsIn(long start, long end) throws Exception {
        var events = new ArrayList<Activity>();
        for (Map.Entry<Long, List<Activity>> e : eventsAt.entries()) {
            if (e.getKey() >= start && e.getKey() < end) {
                events.addAll(e.getValue());
            }
        }
        return events;
    }

    private List<Long> timesIn(long start, long end) throws Exception {
        var times = new ArrayList<Long>();
        for (Long time : eventsAt.keys()) {
            if (time >= start && time < end) {
                times.add(time);
            }
        }
        return times;
    }
}
