package io.livepulse.platform.testing;

import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real in-process Kafka broker for a test class, on a fresh data directory that is deleted afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ...
 * var topics = KAFKA.createTopics(TopicCatalog.of(config));
 * List<RoomMetrics> rooms = KAFKA.committed(topics.roomMetrics(), RoomMetrics.class);
 * }</pre>
 *
 * <p>Register it on a static field: the broker then starts before the class's {@code @BeforeAll} methods run.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dataDir;
    private InProcessKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("livepulse-it-kafka");
        broker = InProcessKafkaBroker.start(dataDir, 0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    public String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("The broker runs between beforeAll and afterAll: register the extension "
                    + "on a static field");
        }
        return broker.bootstrapServers();
    }

    /** Creates the catalogue's topics (idempotent) and returns the catalogue. */
    public TopicCatalog createTopics(TopicCatalog topics) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            topics.ensureTopics(admin);
        }
        return topics;
    }

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    public <T extends SpecificRecord> List<T> committed(String topic, Class<T> type) {
        return CommittedRecords.read(bootstrapServers(), topic, type);
    }
}
