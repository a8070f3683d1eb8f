package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.FeatureParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each fit observation to the {@code global} scope and to its room's category: the category of the
 * latest room catalogue event at or before the session end. Observations wait for the watermark to pass the
 * session end, so every catalogue event before it has been seen whatever the arrival order. Catalogue entries
 * superseded longer than {@code horizon} ago are dropped.
 */
public final class CategoryEnricher extends KeyedCoProcessFunction<String, FitObservation, Activity, FitObservation> {
    private final Duration horizon;
    /** Observations by session end, the time of their timer: a timer takes its own entry, not the whole list. */
    private transient MapState<Long, List<FitObservation>> pending;
    private transient CategoryTimeline catalogue;

    public CategoryEnricher(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext context) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-by-end", Types.LONG,
                new ListTypeInfo<>(TypeInformation.of(FitObservation.class))));
        catalogue = new CategoryTimeline(
                getRuntimeContext().getMapState(new MapStateDescriptor<>("catalogue", Types.LONG, Types.STRING)));
    }

    @Override
    public void processElement1(FitObservation observation, Context ctx, Collector<FitObservation> out) throws Exception {
        List<FitObservation> atEnd = pending.get(observation.sessionEndMs());
        atEnd = atEnd == null ? new ArrayList<>(1) : atEnd;
        atEnd.add(observation);
        pending.put(observation.sessionEndMs(), atEnd);
        ctx.timerService().registerEventTimeTimer(observation.sessionEndMs());
    }

    @Override
    public void processElement2(Activity room, Context ctx, Collector<FitObservation> out) throws Exception {
        if (room.category() != null) {
            catalogue.put(room.timeMs(), room.category());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FitObservation> out) throws Exception {
        // Timers fire in time order and each observation has one at its session end, so the entry at this
        // timestamp holds every observation now due.
        List<FitObservation> due = pending.get(timestamp);
        if (due != null) {
            String category = catalogue.at(timestamp, FeatureParams.UNKNOWN_CATEGORY);
            for (FitObservation o : due) {
                out.collect(o.withScope(FeatureParams.GLOBAL_SCOPE));
                out.collect(o.withScope(category));
            }
            pending.remove(timestamp);
        }
        catalogue.pruneBefore(timestamp - horizon.toMillis());
    }
}
