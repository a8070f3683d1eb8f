package io.livepulse.ingestion.collector;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.kafka.clients.producer.Callback;

/**
 * The Kafka acknowledgements one request waits for: one slot per record sent, filled by the producer's
 * callback. One latch per request instead of a future per record.
 */
final class RequestAcks {
    private static final int WRITTEN = 1;
    private static final int FAILED = 2;

    /** Per slot: 0 while outstanding, then {@link #WRITTEN} or {@link #FAILED}; set by the producer's thread. */
    private final AtomicIntegerArray state;
    private final CountDownLatch outstanding;
    private final CollectorMetrics metrics;
    private int sent;
    private long firstSendNanos;

    RequestAcks(int maxRecords, CollectorMetrics metrics) {
        this.state = new AtomicIntegerArray(maxRecords);
        this.outstanding = new CountDownLatch(maxRecords);
        this.metrics = metrics;
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
            outstanding.countDown();
        };
        if (!writer.send(topic, key, value, done)) {
            outstanding.countDown();
            return false;
        }
        return state.get(slot) != FAILED;
    }

    /** Counts a record that is not handed to Kafka at all as sent and failed. */
    void failedNow() {
        sent++;
        outstanding.countDown();
    }

    int slots() {
        return sent;
    }

    /**
     * Waits until every record sent is acknowledged or failed, or {@code timeout} passed, and records the
     * request's produce latency (first record handed to Kafka until the last is acknowledged) once, here, rather
     * than per record on the producer's I/O thread, which every request shares.
     */
    void await(Duration timeout) {
        for (int unused = sent; unused < state.length(); unused++) {
            outstanding.countDown();
        }
        try {
            if (outstanding.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && sent > 0) {
                metrics.produced(System.nanoTime() - firstSendNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After {@link #await}: whether Kafka acknowledged the record in {@code slot}. */
    boolean written(int slot) {
        return state.get(slot) == WRITTEN;
    }
}
