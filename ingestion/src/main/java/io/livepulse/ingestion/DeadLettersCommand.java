package io.livepulse.ingestion;

import io.livepulse.ingestion.collector.CollectorConfig;
import io.livepulse.ingestion.collector.DeadLetterCipher;
import io.livepulse.ingestion.collector.DeadLetterView;
import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.AvroCodecException;
import io.livepulse.schemas.event.DeadLetter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./livepulse collector dead-letters}: prints the dead-letter topic, one JSON object per line, with sealed
 * payloads opened under {@code LIVEPULSE_SECRET_DEAD_LETTER_KEY}. The output holds raw user ids: read it on the
 * terminal, or write it only where the key itself may be kept.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Print dead letters (JSON lines), opening encrypted payloads with LIVEPULSE_SECRET_DEAD_LETTER_KEY.")
public final class DeadLettersCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--config", description = "settings file (properties)")
    private Path config;

    @Option(names = "--from-offset", description = "first offset to print (default: the oldest kept)")
    private long fromOffset;

    @Option(names = "--max", description = "most records to print (default: ${DEFAULT-VALUE})")
    private int max = 1_000;

    @Override
    public Integer call() {
        var settings = Settings.load(Optional.ofNullable(config), System.getenv());
        var platform = PlatformConfig.from(settings);
        var cipher = new DeadLetterCipher(CollectorConfig.deadLetterKey(settings));
        String topic = TopicCatalog.of(platform).deadLetter();
        PrintWriter out = spec.commandLine().getOut();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            partitions.forEach(p -> consumer.seek(p, Math.max(start.get(p), fromOffset)));
            int printed = 0;
            while (printed < max && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofSeconds(1))) {
                    if (printed == max || record.offset() >= end.get(new TopicPartition(topic, record.partition()))) {
                        continue;
                    }
                    try {
                        var letter = AvroCodec.standard().decode(record.value(), DeadLetter.class);
                        out.println(DeadLetterView.of(letter, record.partition(), record.offset(), cipher));
                    } catch (AvroCodecException e) {
                        out.println("{\"partition\":" + record.partition() + ",\"offset\":" + record.offset()
                                + ",\"error\":\"not a DeadLetter record\"}");
                    }
                    printed++;
                }
            }
            out.flush();
        }
        return 0;
    }
}
