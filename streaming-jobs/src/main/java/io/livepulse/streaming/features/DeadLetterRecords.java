package io.livepulse.streaming.features;

import io.livepulse.models.features.Activity;
import io.livepulse.schemas.event.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;

/**
 * Turns events that arrived after the allowed lateness into dead letters, counting them. The payload is the
 * flattened event as text (the job no longer holds the Kafka bytes at that point).
 */
public final class DeadLetterRecords extends RichMapFunction<Activity, DeadLetter> {
    static final TypeInformation<DeadLetter> TYPE = new AvroTypeInfo<>(DeadLetter.class);

    private final String operator;
    private final Duration allowedLateness;
    private transient Counter tooLate;

    public DeadLetterRecords(String operator, Duration allowedLateness) {
        this.operator = operator;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void open(OpenContext context) {
        tooLate = getRuntimeContext().getMetricGroup().counter("tooLateEvents");
    }

    @Override
    public DeadLetter map(Activity late) {
        tooLate.inc();
        return DeadLetter.newBuilder()
                .setSource("streaming:" + operator)
                .setReason("event time " + late.timeMs() + " is later than the allowed lateness (" + allowedLateness
                        + ") behind the watermark; " + operator + " already closed its window")
                .setField("eventTimeMs")
                .setRawPayload(ByteBuffer.wrap(late.toString().getBytes(StandardCharsets.UTF_8)))
                .setReceivedTimeMs(System.currentTimeMillis())
                .setEventType(late.kind().name())
                .build();
    }
}
