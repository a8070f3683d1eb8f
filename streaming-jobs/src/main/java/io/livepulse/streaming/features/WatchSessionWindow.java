package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.WatchSessions;
import io.livepulse.schemas.feature.WatchSession;
import java.util.ArrayList;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Summarizes one user-room event-time session window (gap = heartbeat gap) as a {@link WatchSession}. A late
 * event within the allowed lateness fires the window again and the new summary amends the earlier one.
 */
public final class WatchSessionWindow extends ProcessWindowFunction<Activity, WatchSession, String, TimeWindow> {
    private final double k;

    public WatchSessionWindow(double k) {
        this.k = k;
    }

    @Override
    public void process(String key, Context context, Iterable<Activity> events, Collector<WatchSession> out) {
        var list = new ArrayList<Activity>();
        events.forEach(list::add);
        out.collect(WatchSessions.summarize(list, k));
    }
}
