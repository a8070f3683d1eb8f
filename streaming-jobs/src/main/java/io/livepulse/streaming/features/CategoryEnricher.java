package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.models.features.FeatureParams;
import java.time.Duration;
import java.util.ArrayList;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
    private transient ListState<FitObservation> pending;
    private transient CategoryTimeline catalogue;

    public CategoryEnricher(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext context) {
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("pending", TypeInformation.of(FitObservation.class)));
        catalogue = new CategoryTimeline(
                getRuntimeContext().getMapState(new MapStateDescriptor<>("catalogue", Types.LONG, Types.STRING)));
    }

    @Override
    public void processElement1(FitObservation observation, Context ctx, Collector<FitObservation> out) throws Exception {
        pending.add(observation);
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
        var waiting = new ArrayList<FitObservation>();
        for (FitObservation o : pending.get()) {
            if (o.sessionEndMs() <= timestamp) {
                out.collect(o.withScope(FeatureParams.GLOBAL_SCOPE));
                out.collect(o.withScope(catalogue.at(o.sessionEndMs(), FeatureParams.UNKNOWN_CATEGORY)));
            } else {
                waiting.add(o);
            }
        }
        pending.update(waiting);
        catalogue.pruneBefore(timestamp - horizon.toMillis());
    }
}
