package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.ActivityKind;
import io.livepulse.models.features.FeatureParams;
import io.livepulse.models.features.PaneCombiner;
import io.livepulse.models.features.RoomPane;
import io.livepulse.models.features.RoomWindowMetrics;
import io.livepulse.schemas.feature.RoomMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Room metrics over sliding event-time windows, keyed by room, with each event aggregated once: into its pane
 * ({@link RoomWindowMetrics#paneMs}); a window is the {@link PaneCombiner combination} of its panes
 * when the watermark passes its end. Lateness behaves like Flink's sliding windows with allowed lateness: an event
 * for a window that already fired (and is within the lateness) fires it again at once with the amended metrics;
 * an event whose every window is past the lateness goes to {@code late}. A pane is dropped once the last window
 * holding it is past the lateness.
 *
 * <p>Room catalogue events ({@link ActivityKind#ROOM}) set the category of the windows ending after them; one that
 * arrives after windows it changes have fired, within the lateness, fires them again. Superseded catalogue entries
 * are dropped with the panes; the latest one of each room is kept.
 */
public final class PanedRoomMetrics extends KeyedProcessFunction<String, Activity, RoomMetrics> {
    private final long sizeMs;
    private final long slideMs;
    private final long paneMs;
    private final Duration heartbeatGap;
    private final long latenessMs;
    private final OutputTag<Activity> late;
    private transient MapState<Long, RoomPane> panes;
    private transient CategoryTimeline catalogue;
    private transient PaneCombiner combiner;

    public PanedRoomMetrics(FeatureParams params, Duration allowedLateness, OutputTag<Activity> late) {
        this.sizeMs = params.roomWindowSize().toMillis();
        this.slideMs = params.roomWindowSlide().toMillis();
        this.paneMs = RoomWindowMetrics.paneMs(params.roomWindowSize(), params.roomWindowSlide());
        this.heartbeatGap = params.heartbeatGap();
        this.latenessMs = allowedLateness.toMillis();
        this.late = late;
    }

    @Override
    public void open(OpenContext context) {
        panes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("panes", LongSerializer.INSTANCE, RoomPaneSerializer.INSTANCE));
        catalogue = new CategoryTimeline(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("catalogue", LongSerializer.INSTANCE, StringSerializer.INSTANCE)));
        combiner = new PaneCombiner();
    }

    @Override
    public void processElement(Activity a, Context ctx, Collector<RoomMetrics> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (a.kind() == ActivityKind.ROOM) {
            addCatalogue(a, watermark, ctx.getCurrentKey(), out);
            return;
        }
        long t = a.timeMs();
        long lastStart = t - Math.floorMod(t, slideMs);
        long firstStart = lastStart - sizeMs + slideMs;
        if (closed(lastStart, watermark)) {
            ctx.output(late, a);
            return;
        }
        long paneStart = t - Math.floorMod(t, paneMs);
        RoomPane pane = panes.get(paneStart);
        boolean newPane = pane == null;
        if (newPane) {
            pane = new RoomPane(paneStart, heartbeatGap.toMillis());
            ctx.timerService().registerEventTimeTimer(lastStart + sizeMs - 1 + latenessMs);
        }
        pane.add(a);
        panes.put(paneStart, pane);
        for (long start = firstStart; start <= lastStart; start += slideMs) {
            long maxTs = start + sizeMs - 1;
            if (closed(start, watermark)) {
                continue;
            }
            if (maxTs <= watermark) {
                out.collect(window(ctx.getCurrentKey(), start));
            } else if (newPane) {
                // Every event of the pane is in the same windows: their timers are set once, with the pane.
                ctx.timerService().registerEventTimeTimer(maxTs);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RoomMetrics> out) throws Exception {
        if (Math.floorMod(timestamp + 1, slideMs) == 0) {
            var metrics = windowIfAny(ctx.getCurrentKey(), timestamp + 1 - sizeMs);
            if (metrics != null) {
                out.collect(metrics);
            }
        }
        long lastWindowStart = timestamp + 1 - latenessMs - sizeMs;
        if (Math.floorMod(lastWindowStart, slideMs) == 0) {
            // A cleanup timer: the panes of the slide whose last window is now past the lateness.
            for (long p = lastWindowStart; p < lastWindowStart + slideMs; p += paneMs) {
                panes.remove(p);
            }
            catalogue.pruneBefore(timestamp - latenessMs - sizeMs);
        }
    }

    /** True when the window starting at {@code start} is past the allowed lateness at {@code watermark}. */
    private boolean closed(long start, long watermark) {
        return start + sizeMs - 1 + latenessMs <= watermark;
    }

    private void addCatalogue(Activity room, long watermark, String roomId, Collector<RoomMetrics> out)
            throws Exception {
        if (room.category() == null) {
            return;
        }
        catalogue.put(room.timeMs(), room.category());
        if (room.timeMs() > watermark) {
            return;
        }
        // Windows that already fired and end after the event now have another category.
        long start = room.timeMs() - Math.floorMod(room.timeMs(), slideMs) - sizeMs + slideMs;
        for (; start + sizeMs - 1 <= watermark; start += slideMs) {
            if (!closed(start, watermark)) {
                var metrics = windowIfAny(roomId, start);
                if (metrics != null) {
                    out.collect(metrics);
                }
            }
        }
    }

    private RoomMetrics window(String roomId, long start) throws Exception {
        var metrics = windowIfAny(roomId, start);
        if (metrics == null) {
            throw new IllegalStateException("window " + start + " of room " + roomId + " has no pane");
        }
        return metrics;
    }

    /** The metrics of the window starting at {@code start}, or null when none of its panes holds an event. */
    private RoomMetrics windowIfAny(String roomId, long start) throws Exception {
        List<RoomPane> inWindow = new ArrayList<>((int) (sizeMs / paneMs));
        for (long p = start; p < start + sizeMs; p += paneMs) {
            RoomPane pane = panes.get(p);
            if (pane != null) {
                inWindow.add(pane);
            }
        }
        if (inWindow.isEmpty()) {
            return null;
        }
        return combiner.combine(roomId, start, start + sizeMs, inWindow, heartbeatGap,
                catalogue.at(start + sizeMs - 1, null));
    }
}
