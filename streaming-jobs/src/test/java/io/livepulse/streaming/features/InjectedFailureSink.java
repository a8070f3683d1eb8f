package io.livepulse.streaming.features;

import io.livepulse.schemas.feature.RoomMetrics;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A room-metrics sink that throws once per threshold: failure k happens at the first window starting at or
 * after {@code thresholds[k]} (event time), so the number of failures does not depend on machine speed. Each
 * failure restarts the job from its last completed checkpoint (or from the start if there is none yet).
 */
final class InjectedFailureSink implements Sink<RoomMetrics> {
    static final AtomicInteger FAILED = new AtomicInteger();
    private final List<Long> thresholds;

    InjectedFailureSink(List<Long> thresholds) {
        this.thresholds = List.copyOf(thresholds);
    }

    @Override
    public SinkWriter<RoomMetrics> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(RoomMetrics element, Context ctx) {
                int failed = FAILED.get();
                if (failed < thresholds.size() && element.getWindowStartMs() >= thresholds.get(failed)) {
                    throw new IllegalStateException("injected failure " + FAILED.incrementAndGet());
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
