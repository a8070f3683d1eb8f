package io.livepulse.ingestion.collector;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.kafka.clients.producer.Callback;

/**
 * The Kafka acknowledgements one request waits for: one slot per record sent, filled by the producer's
 * callback, and one future that completes when the last of them arrived. No thread waits for it: the request's
 * answer is written by whoever continues the future.
 */
final class RequestAcks {
    private static final int WRITTEN = 1;
    private static final int FAILED = 2;

    /** Per slot: 0 while outstanding, then {@link #WRITTEN} or {@link #FAILED}; set by the producer's thread. */
    private final AtomicIntegerArray state;
    private final AtomicInteger outstanding;
    /** True when every slot was acknowledged or failed, false when the timeout came first. */
    private final CompletableFuture<Boolean> settled = new CompletableFuture<>();
    private int sent;
    private long firstSendNanos;
    private long settledNanos;

    RequestAcks(int maxRecords) {
        this.state = new AtomicIntegerArray(maxRecords);
        this.outstanding = new AtomicInteger(maxRecords + 1);
    }

    /**
     * Hands the next record to Kafka; {@link #slots()} grows by one. Returns false when the write failed at
     * once (the producer refused it, or failed it before returning, e.g. for want of metadata).
     */
    boolean send(KafkaEventWriter writer, String topic, String key, byte[] value) {
        int slot = sent++;
        if (slot == 0) {
            firstSendNanos = System.nanoTime();
        }
        Callback done = (metadata, error) -> {
            state.set(slot, error == null ? WRITTEN : FAILED);
            settle(1);
        };
        if (!writer.send(topic, key, value, done)) {
            settle(1);
            return false;
        }
        return state.get(slot) != FAILED;
    }

    /** Counts a record that is not handed to Kafka at all as sent and failed. */
    void failedNow() {
        sent++;
        settle(1);
    }

    int slots() {
        return sent;
    }

    /**
     * Called once after the last send: the future completes with true when every record sent is acknowledged or
     * failed, or with false when {@code timeout} passed first. It may complete on the producer's I/O thread.
     */
    CompletableFuture<Boolean> settled(Duration timeout) {
        settle(state.length() - sent + 1);
        return settled.completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void settle(int slots) {
        if (outstanding.addAndGet(-slots) == 0) {
            settledNanos = System.nanoTime();
            settled.complete(true);
        }
    }

    /**
     * After {@link #settled} completed with true: from handing the first record to Kafka until the last was
     * acknowledged; recorded once per request rather than per record on the producer's I/O thread.
     */
    long produceNanos() {
        return settledNanos - firstSendNanos;
    }

    /** After {@link #settled} completed: whether Kafka acknowledged the record in {@code slot}. */
    boolean written(int slot) {
        return state.get(slot) == WRITTEN;
    }
}
