package io.livepulse.streaming.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A sink that throws once per threshold: failure k happens at the first record whose event time (window start) is
 * at or after {@code thresholds[k]}, so the number of failures does not depend on machine speed. Each failure
 * restarts the job from its last completed checkpoint (or from the start if there is none yet). Failures are
 * counted in {@link #FAILED} across restarts; reset it before each run.
 */
public final class InjectedFailureSink<T> implements Sink<T> {
    public static final AtomicInteger FAILED = new AtomicInteger();
    private final List<Long> thresholds;
    private final SerializableFunction<T, Long> eventTime;

    public InjectedFailureSink(List<Long> thresholds, SerializableFunction<T, Long> eventTime) {
        this.thresholds = List.copyOf(thresholds);
        this.eventTime = eventTime;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                int failed = FAILED.get();
                if (failed < thresholds.size() && eventTime.apply(element) >= thresholds.get(failed)
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
