package io.livepulse.platform.launcher;

import io.livepulse.platform.kafka.AvroSerde;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.EventType;
import io.livepulse.schemas.SampleEvents;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The foundation demo: one valid event of every type per round, read back and printed as JSON. */
final class EventTrickle implements AutoCloseable {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final TopicCatalog topics;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final SampleEvents samples = new SampleEvents(System.nanoTime());
    private Thread reader;

    EventTrickle(String bootstrap, TopicCatalog topics) {
        this.topics = topics;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new AvroSerde.RecordSerializer());
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "livepulse-trickle-" + ProcessHandle.current().pid(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                new StringDeserializer(), new AvroSerde.RecordDeserializer());
    }

    void start(Duration interval) {
        consumer.subscribe(topics.eventTopics());
        reader = new Thread(this::read, "trickle-reader");
        reader.start();
        scheduler.scheduleAtFixedRate(this::produceRound, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void produceRound() {
        long now = System.currentTimeMillis();
        for (EventType type : EventType.values()) {
            var event = samples.next(type, now);
            String room = String.valueOf(event.get(event.getSchema().getField("roomId").pos()));
            producer.send(new ProducerRecord<>(topics.topicFor(type), room, event));
        }
    }

    private void read() {
        try {
            while (running.get()) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    CONSOLE.info("{} <- {}", record.topic(), EventJson.toJsonString(record.value()));
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll: stop reading
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        scheduler.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        consumer.wakeup();
        if (reader != null) {
            reader.join(10_000);
        }
    }
}
