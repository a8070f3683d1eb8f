package io.livepulse.streaming.features;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that throws on the first record once it has run for {@code after} (several checkpoint intervals),
 * until it has failed {@code failures} times in total across restarts: each time the job restarts from its
 * last checkpoint.
 */
final class InjectedFailureSink<T> implements Sink<T> {
    static final AtomicInteger FAILED = new AtomicInteger();
    private final int failures;
    private final Duration after;

    InjectedFailureSink(int failures, Duration after) {
        this.failures = failures;
        this.after = after;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        long failAt = System.nanoTime() + after.toNanos();
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                if (System.nanoTime() >= failAt && FAILED.get() < failures) {
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
