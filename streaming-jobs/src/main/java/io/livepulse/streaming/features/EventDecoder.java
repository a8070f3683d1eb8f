package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.AvroCodecException;
import io.livepulse.schemas.event.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Decodes Avro single-object records into {@link Activity}; anything undecodable goes to {@link #REJECTED}. */
public final class EventDecoder extends ProcessFunction<byte[], Activity> {
    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("undecodable", DeadLetterRecords.TYPE);
    static final String SOURCE = "streaming:event-decoder";

    private transient Counter rejected;

    @Override
    public void open(OpenContext context) {
        rejected = getRuntimeContext().getMetricGroup().counter("undecodableRecords");
    }

    @Override
    public void processElement(byte[] bytes, Context ctx, Collector<Activity> out) {
        try {
            out.collect(Activity.from(AvroCodec.standard().decode(bytes)));
        } catch (AvroCodecException | IllegalArgumentException e) {
            rejected.inc();
            ctx.output(REJECTED, DeadLetter.newBuilder()
                    .setSource(SOURCE)
                    .setReason(e.getMessage())
                    .setRawPayload(ByteBuffer.wrap(bytes == null ? new byte[0] : bytes))
                    .setReceivedTimeMs(ctx.timerService().currentProcessingTime())
                    .build());
        }
    }
}
