package io.livepulse.streaming.features;

import io.livepulse.models.features.OnlineLeastSquares;
import io.livepulse.models.features.SeedObservations;
import io.livepulse.schemas.feature.FitModel;
import io.livepulse.schemas.feature.ModelFit;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Online least squares of {@code W = l1*T + l2*I} and {@code I = a1*sigma + a2*O} for one scope (keyed by
 * scope), emitted at every {@code interval} boundary of event time after observations changed. The state is
 * a few numbers per scope (global plus one per category), so it is kept for the life of the job.
 */
public final class SeedModelFitter extends KeyedProcessFunction<String, FitObservation, ModelFit> {
    private final Duration interval;
    private transient ValueState<double[]> watchTime;
    private transient ValueState<double[]> interaction;
    private transient ValueState<Boolean> changed;

    public SeedModelFitter(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void open(OpenContext context) {
        watchTime = getRuntimeContext().getState(
                new ValueStateDescriptor<>("watch-time", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        interaction = getRuntimeContext().getState(
                new ValueStateDescriptor<>("interaction", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        changed = getRuntimeContext().getState(new ValueStateDescriptor<>("changed", Types.BOOLEAN));
    }

    @Override
    public void processElement(FitObservation o, Context ctx, Collector<ModelFit> out) throws Exception {
        var w = OnlineLeastSquares.fromState(watchTime.value());
        var i = OnlineLeastSquares.fromState(interaction.value());
        boolean any = SeedObservations.addWatchTime(w, o.transmissionTerm(), o.chatPerMinute(), o.watchTimeMs(),
                o.weight());
        any |= SeedObservations.addInteraction(i, o.likesPerMinute(), o.giftCount(), o.chatPerMinute(), o.watchTimeMs(),
                o.weight());
        if (any) {
            watchTime.update(w.state());
            interaction.update(i.state());
            changed.update(true);
            long intervalMs = interval.toMillis();
            ctx.timerService().registerEventTimeTimer((Math.floorDiv(o.sessionEndMs(), intervalMs) + 1) * intervalMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelFit> out) throws Exception {
        if (!Boolean.TRUE.equals(changed.value())) {
            return;
        }
        changed.clear();
        emit(FitModel.WATCH_TIME, OnlineLeastSquares.fromState(watchTime.value()), ctx.getCurrentKey(), timestamp, out);
        emit(FitModel.INTERACTION, OnlineLeastSquares.fromState(interaction.value()), ctx.getCurrentKey(), timestamp, out);
    }

    private static void emit(FitModel model, OnlineLeastSquares ols, String scope, long timeMs, Collector<ModelFit> out) {
        ols.fit().ifPresent(f -> out.collect(ModelFit.newBuilder()
                .setModel(model)
                .setScope(scope)
                .setCoefficients(List.of(f.b1(), f.b2()))
                .setStandardErrors(List.of(f.se1(), f.se2()))
                .setRSquared(f.rSquared())
                .setObservations(f.observations())
                .setEmittedTimeMs(timeMs)
                .build()));
    }
}
