package io.livepulse.streaming.sentiment;

import io.livepulse.models.sentiment.NegativeSpikeRule;
import io.livepulse.schemas.feature.SentimentAlert;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies {@link NegativeSpikeRule} to each room's minutes in event-time order and emits a
 * {@link SentimentAlert} with its evidence. A room's baseline is cleared by an event-time timer once the room
 * has had no scored minute for {@code stateTtl}.
 */
public final class NegativeSpikeDetector extends KeyedProcessFunction<String, RoomMinute, SentimentAlert> {
    private final NegativeSpikeRule rule;
    private final long stateTtlMs;
    private transient ValueState<NegativeSpikeRule.Baseline> baseline;
    private transient ValueState<Long> expiry;

    public NegativeSpikeDetector(NegativeSpikeRule rule, Duration stateTtl) {
        this.rule = rule;
        this.stateTtlMs = stateTtl.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("baseline",
                TypeInformation.of(NegativeSpikeRule.Baseline.class)));
        expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Long.class));
    }

    @Override
    public void processElement(RoomMinute m, Context ctx, Collector<SentimentAlert> out) throws Exception {
        var b = baseline.value() == null ? NegativeSpikeRule.Baseline.EMPTY : baseline.value();
        var d = rule.evaluate(b, m.windowStartMs(), m.messages(), m.negativeMessages());
        baseline.update(d.next());
        Long oldExpiry = expiry.value();
        long newExpiry = m.windowEndMs() + stateTtlMs;
        if (oldExpiry == null || oldExpiry != newExpiry) {
            if (oldExpiry != null) {
                ctx.timerService().deleteEventTimeTimer(oldExpiry);
            }
            ctx.timerService().registerEventTimeTimer(newExpiry);
            expiry.update(newExpiry);
        }
        if (d.alert()) {
            out.collect(SentimentAlert.newBuilder()
                    .setAlertId(m.roomId() + "@" + m.windowStartMs())
                    .setRoomId(m.roomId())
                    .setWindowStartMs(m.windowStartMs())
                    .setWindowEndMs(m.windowEndMs())
                    .setMessages(m.messages())
                    .setNegativeMessages(m.negativeMessages())
                    .setNegativeShare(d.share())
                    .setBaselineShare(d.baselineShare())
                    .setZScore(d.zScore())
                    .setTopNegativeTerms(m.topNegativeTerms())
                    .setSampleMessages(m.sampleNegativeMessages())
                    .setTopic(m.topic())
                    .setRaisedTimeMs(System.currentTimeMillis())
                    .build());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SentimentAlert> out) throws Exception {
        Long e = expiry.value();
        if (e != null && e == timestamp) {
            baseline.clear();
            expiry.clear();
        }
    }
}
