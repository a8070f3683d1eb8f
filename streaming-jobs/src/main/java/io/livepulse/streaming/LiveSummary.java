package io.livepulse.streaming;

import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.AvroCodecException;
import io.livepulse.schemas.feature.ModelFit;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.UserRoomFeatures;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the committed feature topics and prints, every interval, what an operator wants to see: users and
 * rooms with features, mean W and I, the busiest rooms' latest window and the global fits.
 */
final class LiveSummary implements Runnable {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final Logger LOG = LoggerFactory.getLogger(LiveSummary.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Duration interval;
    private final Map<String, UserRoomFeatures> userRoom = new HashMap<>();
    private final Map<String, RoomMetrics> rooms = new HashMap<>();
    private final Map<String, ModelFit> fits = new HashMap<>();
    private volatile boolean running = true;

    LiveSummary(String bootstrapServers, List<String> topics, Duration interval) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "livepulse-streaming-summary-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.topics = topics;
        this.interval = interval;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics);
            long nextPrint = System.currentTimeMillis() + interval.toMillis();
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    accept(record.value());
                }
                if (System.currentTimeMillis() >= nextPrint) {
                    CONSOLE.info(render());
                    nextPrint = System.currentTimeMillis() + interval.toMillis();
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Live summary stopped");
        } finally {
            consumer.close();
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void accept(byte[] value) {
        if (value == null) {
            return;
        }
        try {
            var record = AvroCodec.standard().decode(value);
            if (record instanceof UserRoomFeatures f) {
                userRoom.put(f.getUserId() + "/" + f.getRoomId(), f);
            } else if (record instanceof RoomMetrics m) {
                rooms.merge(m.getRoomId(), m, (a, b) -> b.getWindowEndMs() >= a.getWindowEndMs() ? b : a);
            } else if (record instanceof ModelFit f) {
                fits.put(f.getModel() + "/" + f.getScope(), f);
            }
        } catch (AvroCodecException e) {
            LOG.debug("Skipped an undecodable feature record: {}", e.getMessage());
        }
    }

    String render() {
        double meanWMinutes = userRoom.values().stream().mapToLong(UserRoomFeatures::getWatchTimeMs).average().orElse(0)
                / 60_000.0;
        double meanI = userRoom.values().stream().mapToDouble(UserRoomFeatures::getInteractionsPerMinute).average()
                .orElse(0);
        String top = rooms.values().stream()
                .sorted(Comparator.comparingInt(RoomMetrics::getConcurrentViewers).reversed()).limit(3)
                .map(m -> String.format(Locale.ROOT, "%s ccu=%d new=%d gifts=%d trend=%+.2f", m.getRoomId(),
                        m.getConcurrentViewers(), m.getNewViewers(), m.getGiftRevenueMinor(), m.getTrendingScore()))
                .collect(Collectors.joining("; "));
        String fit = fits.values().stream().filter(f -> f.getScope().equals("global"))
                .sorted(Comparator.comparing(f -> f.getModel().name()))
                .map(f -> String.format(Locale.ROOT, "%s=(%.3f, %.3f) R2=%.2f n=%d", f.getModel(),
                        f.getCoefficients().get(0), f.getCoefficients().get(1), f.getRSquared(), f.getObservations()))
                .collect(Collectors.joining(" "));
        return String.format(Locale.ROOT, "features: %d user-rooms, mean W %.1f min, mean I %.2f/min | rooms: %s | fits: %s",
                userRoom.size(), meanWMinutes, meanI, top.isEmpty() ? "-" : top, fit.isEmpty() ? "-" : fit);
    }
}
