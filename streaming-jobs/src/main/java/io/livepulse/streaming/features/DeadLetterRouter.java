package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.schemas.event.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes decoded events on and sends undecodable records to {@link #REJECTED}, counting them. */
public final class DeadLetterRouter extends ProcessFunction<Decoded, Activity>
        implements ResultTypeQueryable<Activity> {
    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("undecodable", DeadLetterRecords.TYPE);
    static final String SOURCE = "streaming:event-decoder";

    private transient Counter rejected;

    @Override
    public void open(OpenContext context) {
        rejected = getRuntimeContext().getMetricGroup().counter("undecodableRecords");
    }

    @Override
    public TypeInformation<Activity> getProducedType() {
        return ActivitySerializer.TYPE;
    }

    @Override
    public void processElement(Decoded record, Context ctx, Collector<Activity> out) {
        if (record.activity() != null) {
            out.collect(record.activity());
            return;
        }
        rejected.inc();
        ctx.output(REJECTED, DeadLetter.newBuilder()
                .setSource(SOURCE)
                .setReason(record.rejectReason())
                .setRawPayload(ByteBuffer.wrap(record.raw()))
                .setReceivedTimeMs(ctx.timerService().currentProcessingTime())
                .build());
    }
}
