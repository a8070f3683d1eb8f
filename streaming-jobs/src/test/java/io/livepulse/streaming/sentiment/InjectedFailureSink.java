package io.livepulse.streaming.sentiment;

import io.livepulse.schemas.feature.RoomSentiment;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A room-sentiment sink that throws once per threshold: failure k happens at the first room-minute starting at or
 * after {@code thresholds[k]} (event time), so the number of failures does not depend on machine speed. Each
 * failure restarts the job from its last completed checkpoint (or from the start if there is none yet).
 */
final class InjectedFailureSink implements Sink<RoomSentiment> {
    static final AtomicInteger FAILED = new AtomicInteger();
    private final List<Long> thresholds;

    InjectedFailureSink(List<Long> thresholds) {
        this.thresholds = List.copyOf(thresholds);
    }

    @Override
    public SinkWriter<RoomSentiment> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(RoomSentiment element, Context ctx) {
                int failed = FAILED.get();
                if (failed < thresholds.size() && element.getWindowStartMs() >= thresholds.get(failed)
                        && FAILED.compareAndSet(failed, failed + 1)) {
                    throw new IllegalStateException("injected failure " + (failed + 1));
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
