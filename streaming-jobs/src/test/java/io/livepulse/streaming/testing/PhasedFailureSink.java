package io.livepulse.streaming.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A sink that fails the job once per planned failure, in one of three phases of the checkpoint cycle:
 *
 * <ul>
 *   <li>{@link Phase#WRITE}: while records flow between checkpoints;
 *   <li>{@link Phase#SNAPSHOT}: in the synchronous part of the next checkpoint (the Kafka sinks have flushed or are
 *       flushing their transaction for it);
 *   <li>{@link Phase#COMMIT}: when the next checkpoint completes, in the committer (the Kafka transactions of that
 *       checkpoint are pre-committed, and are committed either just before or only on recovery).
 * </ul>
 *
 * <p>Failure k is armed by the first record whose event time is at or after its threshold, so the number of
 * failures does not depend on machine speed: every planned failure happens exactly once, also when the last ones
 * are armed only by the final checkpoint of the bounded input. Failures are counted in {@link #FAILED} across
 * restarts (all subtasks run in the test's JVM); reset it before each run.
 */
public final class PhasedFailureSink<T> implements Sink<T>, SupportsWriterState<T, Long>, SupportsCommitter<Long> {
    public static final AtomicInteger FAILED = new AtomicInteger();

    /** When a planned failure happens once armed. */
    public enum Phase { WRITE, SNAPSHOT, COMMIT }

    /** Fail in {@code phase} once a record at or after {@code eventTimeMs} was written. */
    public record Failure(long eventTimeMs, Phase phase) implements java.io.Serializable {}

    private final List<Failure> plan;
    private final SerializableFunction<T, Long> eventTime;

    public PhasedFailureSink(List<Failure> plan, SerializableFunction<T, Long> eventTime) {
        for (int i = 1; i < plan.size(); i++) {
            if (plan.get(i).eventTimeMs() <= plan.get(i - 1).eventTimeMs()) {
                throw new IllegalArgumentException("failure " + i + " must come after failure " + (i - 1)
                        + " in event time: " + plan);
            }
        }
        this.plan = List.copyOf(plan);
        this.eventTime = eventTime;
    }

    @Override
    public Writer createWriter(WriterInitContext context) {
        return new Writer();
    }

    @Override
    public Writer restoreWriter(WriterInitContext context, Collection<Long> recoveredState) {
        return new Writer();
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return LongSerializer.INSTANCE;
    }

    @Override
    public Committer<Long> createCommitter(CommitterInitContext context) {
        return new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<Long>> requests) {
                for (var request : requests) {
                    int k = request.getCommittable().intValue();
                    // A committable restored after its own failure is done: FAILED has moved past it.
                    if (FAILED.compareAndSet(k, k + 1)) {
                        throw new IllegalStateException("injected failure " + (k + 1) + " on checkpoint completion");
                    }
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public SimpleVersionedSerializer<Long> getCommittableSerializer() {
        return LongSerializer.INSTANCE;
    }

    /** Writes nothing; arms the next planned failure and fires it in its phase. */
    final class Writer implements StatefulSinkWriter<T, Long>, CommittingSinkWriter<T, Long> {
        private int armed = -1;

        @Override
        public void write(T element, Context context) {
            long timeMs = eventTime.apply(element);
            int next = FAILED.get();
            if (armed != next) {
                armed = -1;
            }
            if (next >= plan.size() || timeMs < plan.get(next).eventTimeMs()) {
                return;
            }
            if (plan.get(next).phase() == Phase.WRITE) {
                if (FAILED.compareAndSet(next, next + 1)) {
                    throw new IllegalStateException("injected failure " + (next + 1) + " between checkpoints");
                }
                return;
            }
            armed = next;
        }

        @Override
        public List<Long> snapshotState(long checkpointId) {
            if (armed >= 0 && plan.get(armed).phase() == Phase.SNAPSHOT && FAILED.compareAndSet(armed, armed + 1)) {
                throw new IllegalStateException("injected failure " + (armed + 1) + " during checkpoint " + checkpointId);
            }
            return List.of();
        }

        @Override
        public Collection<Long> prepareCommit() {
            if (armed >= 0 && plan.get(armed).phase() == Phase.COMMIT && FAILED.get() == armed) {
                long k = armed;
                armed = -1;
                return List.of(k);
            }
            return List.of();
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }

    private enum LongSerializer implements SimpleVersionedSerializer<Long> {
        INSTANCE;

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Long value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        }

        @Override
        public Long deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 || serialized.length != Long.BYTES) {
                throw new IOException("not a failure index: version " + version + ", " + serialized.length + " bytes");
            }
            return ByteBuffer.wrap(serialized).getLong();
        }
    }
}
