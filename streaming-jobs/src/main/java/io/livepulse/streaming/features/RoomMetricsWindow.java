package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.schemas.feature.RoomMetrics;
import java.time.Duration;
import java.util.ArrayList;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Room metrics of one sliding event-time window ({@link RoomWindowMetrics}). */
public final class RoomMetricsWindow extends ProcessWindowFunction<Activity, RoomMetrics, String, TimeWindow> {
    private final Duration heartbeatGap;

    public RoomMetricsWindow(Duration heartbeatGap) {
        this.heartbeatGap = heartbeatGap;
    }

    @Override
    public void process(String roomId, Context context, Iterable<Activity> events, Collector<RoomMetrics> out) {
        var list = new ArrayList<Activity>();
        events.forEach(list::add);
        TimeWindow w = context.window();
        out.collect(RoomWindowMetrics.compute(roomId, w.getStart(), w.getEnd(), list, heartbeatGap));
    }
}
