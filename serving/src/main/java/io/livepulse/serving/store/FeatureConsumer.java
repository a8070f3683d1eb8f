package io.livepulse.serving.store;

import io.livepulse.schemas.AvroCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the feature store up to date from the feature, alert and room-catalog topics. The next offset of each
 * partition is written to the store after the batch it ends, so after a restart (or with a shared Redis store)
 * consumption resumes where the store is, not where a consumer group was.
 *
 * <p>Metrics: {@code livepulse_feature_store_lag_records{topic}} (records behind the end of each topic),
 * {@code livepulse_feature_store_lag_seconds} (age of the newest record applied while records are pending),
 * {@code livepulse_feature_store_records_total}, {@code livepulse_feature_store_undecodable_total},
 * {@code livepulse_feature_store_tombstones_total} and {@code livepulse_feature_store_failures_total}.
 *
 * <p>When the store fails (Redis down, disk error), the consumer does not die: it rewinds the batch, reports the
 * {@link #problem()} (the API's {@code /health} answers 503 with it), and retries with exponential backoff from
 * {@link #MIN_BACKOFF} to at most {@link #MAX_BACKOFF}, for as long as it takes. No offset past an unapplied record
 * is stored, so once the store is back it catches up with every record.
 */
public final class FeatureConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureConsumer.class);
    static final String OFFSETS = "offsets";
    private static final Duration LAG_EVERY = Duration.ofSeconds(1);
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final String PROBE = "probe";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final String userRoomTopic;
    private final OnlineFeatures features;
    private final Consumer<SpecificRecord> listener;
    private final Clock clock;
    private final AvroCodec codec = AvroCodec.standard();
    private final Map<String, AtomicLong> lagRecords = new ConcurrentHashMap<>();
    private final AtomicLong lastRecordTimeMs = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final Counter applied;
    private final Counter undecodable;
    private final Counter failures;
    private final Counter tombstones;
    private final Set<TopicPartition> waiting = new HashSet<>();
    private volatile String problem;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param topics the topics to follow
     * @param userRoomTopic the one of them keyed {@code userId/roomId}, whose tombstones (null values, written by
     *     erasure) delete the entry under their key
     */
    public FeatureConsumer(String bootstrapServers, String groupId, List<String> topics, String userRoomTopic,
            OnlineFeatures features, Consumer<SpecificRecord> listener, MeterRegistry meters, Clock clock) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The feature and alert topics are written exactly once by Flink: records of aborted attempts must not apply.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-features");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
        this.userRoomTopic = userRoomTopic;
        this.features = features;
        this.listener = listener;
        this.clock = clock;
        this.applied = Counter.builder("livepulse.feature.store.records").description("records applied to the store")
                .register(meters);
        this.undecodable = Counter.builder("livepulse.feature.store.undecodable")
                .description("records on feature topics that are not LivePulse records").register(meters);
        this.failures = Counter.builder("livepulse.feature.store.failures")
                .description("attempts to apply a batch (or read offsets) that failed; each is retried after a backoff")
                .register(meters);
        this.tombstones = Counter.builder("livepulse.feature.store.tombstones")
                .description("tombstones (erasures) applied from the user-room topic").register(meters);
        Gauge.builder("livepulse.feature.store.lag.seconds", this, FeatureConsumer::lagSeconds)
                .description("age of the newest applied record while records are still pending").register(meters);
        for (String topic : topics) {
            var gauge = lagRecords.computeIfAbsent(topic, t -> new AtomicLong());
            Gauge.builder("livepulse.feature.store.lag.records", gauge, AtomicLong::get).tag("topic", topic)
                    .description("records behind the end of the topic").register(meters);
        }
        this.thread = new Thread(this::run, "feature-consumer");
        this.thread.setDaemon(true);
    }

    public FeatureConsumer start() {
        thread.start();
        return this;
    }

    /** Records still to apply, over all topics, as of the last check (about once a second). */
    public long lagRecords() {
        return pending.get();
    }

    /** Seconds between the newest applied record and now while records are pending, else 0. */
    public double lagSeconds() {
        long last = lastRecordTimeMs.get();
        return pending.get() == 0 || last == 0 ? 0.0 : Math.max(0, clock.millis() - last) / 1000.0;
    }

    /**
     * Why the store does not follow the topics at the moment (the backend failed and the consumer is backing off
     * before it retries), or empty while it does.
     */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The delay before retry number {@code failures} (1, 2, ...): doubling from the minimum, at most the maximum. */
    static Duration backoff(int failures) {
        int doublings = Math.min(Math.max(0, failures - 1), 20);
        return Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), MIN_BACKOFF.toMillis() << doublings));
    }

    private void run() {
        try {
            consumer.subscribe(topics, new ResumeFromStore());
            long nextLagCheck = 0;
            int failures = 0;
            while (running) {
                try {
                    resumeWaitingPartitions();
                    var batch = consumer.poll(Duration.ofMillis(200));
                    if (batch.isEmpty()) {
                        if (problem != null) {
                            features.store().get(OFFSETS, PROBE);
                        }
                    } else {
                        applyAll(batch);
                    }
                    failures = 0;
                    problem = null;
                    if (clock.millis() >= nextLagCheck) {
                        updateLag();
                        nextLagCheck = clock.millis() + LAG_EVERY.toMillis();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failures++;
                    this.failures.increment();
                    Duration wait = backoff(failures);
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    problem = "cannot apply the feature topics to the " + features.store().kind() + " store ("
                            + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); retry "
                            + failures + " in " + wait.toMillis() + " ms";
                    if (failures == 1 || failures % 20 == 0) {
                        LOG.warn("Feature store failing ({} times in a row), retrying with backoff: {}", failures,
                                e.toString());
                    }
                    pause(wait);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("The feature consumer was woken up while running; it stopped", e);
            }
        } catch (RuntimeException e) {
            LOG.error("The feature consumer stopped; the store no longer follows the topics", e);
            problem = "the feature consumer stopped: " + e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Applies a batch, then stores the next offset of each partition. When anything fails, every partition of the
     * batch is rewound to its first record of the batch, so nothing is skipped: the records are polled and applied
     * again (applying a record twice leaves the store as applying it once), and no offset past an unapplied record
     * is ever stored.
     */
    private void applyAll(ConsumerRecords<byte[], byte[]> batch) {
        var first = new HashMap<TopicPartition, Long>();
        var next = new HashMap<TopicPartition, Long>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        try {
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                apply(record);
                next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            next.forEach((tp, offset) -> features.store().put(OFFSETS, tp.toString(),
                    ByteBuffer.allocate(Long.BYTES).putLong(offset).array()));
        } catch (RuntimeException e) {
            first.forEach(consumer::seek);
            throw e;
        }
    }

    /** Partitions whose stored offset could not be read when they were assigned stay paused until it can. */
    private void resumeWaitingPartitions() {
        if (waiting.isEmpty()) {
            return;
        }
        for (var it = waiting.iterator(); it.hasNext(); ) {
            var tp = it.next();
            seekToStored(tp);
            consumer.resume(List.of(tp));
            it.remove();
        }
    }

    private void seekToStored(TopicPartition tp) {
        features.store().get(OFFSETS, tp.toString()).ifPresent(bytes -> consumer.seek(tp, ByteBuffer.wrap(bytes).getLong()));
    }

    private void pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            // A tombstone: on the user-room topic, erasure deleted that user's entry; elsewhere nothing is keyed by user.
            if (record.topic().equals(userRoomTopic) && record.key() != null) {
                features.deleteUserRoom(new String(record.key(), StandardCharsets.UTF_8));
                tombstones.increment();
            }
            return;
        }
        SpecificRecord decoded;
        try {
            decoded = codec.decode(record.value());
        } catch (RuntimeException e) {
            undecodable.increment();
            return;
        }
        if (features.apply(decoded)) {
            applied.increment();
            lastRecordTimeMs.set(record.timestamp());
            listener.accept(decoded);
        }
    }

    private void updateLag() {
        var assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assignment, Duration.ofSeconds(2));
        var perTopic = new HashMap<String, Long>();
        long total = 0;
        for (var tp : assignment) {
            long behind = Math.max(0, ends.getOrDefault(tp, 0L) - consumer.position(tp, Duration.ofSeconds(2)));
            perTopic.merge(tp.topic(), behind, Long::sum);
            total += behind;
        }
        perTopic.forEach((topic, behind) -> lagRecords.computeIfAbsent(topic, t -> new AtomicLong()).set(behind));
        pending.set(total);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Seeks every newly assigned partition to the offset the store has reached (or pauses it until it can). */
    private final class ResumeFromStore implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (var tp : partitions) {
                try {
                    seekToStored(tp);
                } catch (FeatureStoreException e) {
                    consumer.pause(List.of(tp));
                    waiting.add(tp);
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are already in the store after every batch
            waiting.removeAll(partitions);
        }
    }
}
