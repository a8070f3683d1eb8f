package io.livepulse.ingestion.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.ingestion.collector.CollectorConfig;
import io.livepulse.ingestion.collector.CollectorServer;
import io.livepulse.ingestion.replay.ChatReplay;
import io.livepulse.ingestion.replay.LiveRecReplay;
import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.CommittedRecords;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.PlayerEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedITCase {
    private static final Path SHARED_DATA = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));

    @Test
    void simulatorAndReplayersFeedKafkaThroughTheCollectorAndDirectly(@TempDir Path dir) throws Exception {
        try (var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0)) {
            var settings = Settings.of(Map.of("kafka.bootstrap-servers", broker.bootstrapServers(),
                    "kafka.topic-prefix", "feed.", "collector.port", "0", "collector.demo-mode", "true"));
            var config = CollectorConfig.from(settings);
            var topics = TopicCatalog.of(config.platform());
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                topics.ensureTopics(admin);
            }
            try (var server = CollectorServer.start(config);
                    var http = new HttpEventSender("http://localhost:" + server.port() + "/")) {
                var sim = new PlatformSimulator(SimulationConfig.tiny(3).withUsers(50));
                var live = new EventPump(http, Pacing.asFastAsPossible(), 200, true, Duration.ofSeconds(1))
                        .run(sim.events(), 2_000, 2_000, () -> false);
                // On topics created a moment ago the broker can still refuse the first batches (NOT_LEADER, then an
                // out-of-order sequence for the idempotent producer): the collector answers 503 for those events and
                // the sender resends them. Every event must still be accepted once; the count in Kafka is checked below.
                assertThat(live.accepted()).isEqualTo(2_000);
                assertThat(live.rejected()).isZero();
                assertThat(live.duplicates()).isZero();

                Path log = dir.resolve("100k.csv");
                new PlatformSimulator(SimulationConfig.tiny(4).withUsers(40)).writeLiveRecLog(log);
                var replay = LiveRecReplay.read(log, Instant.parse("2026-11-02T00:00:00Z"));
                var replayed = new EventPump(http, Pacing.compressed(1e9), 500, false, Duration.ofSeconds(1))
                        .run(replay.events(), 0, replay.eventCount(), () -> false);
                assertThat(replayed.accepted()).isEqualTo(replay.eventCount());

                var chat = ChatReplay.twitch(SHARED_DATA);
                @SuppressWarnings("unchecked")
                var chatEvents = (Iterator<SpecificRecord>) (Iterator<?>) chat.events().iterator();
                var chatOutcome = new EventPump(http, Pacing.asFastAsPossible(), 500, false, Duration.ofSeconds(1))
                        .run(chatEvents, 0, chat.events().size(), () -> false);
                assertThat(chatOutcome.accepted() + chatOutcome.rejected()).isEqualTo(1_922);
                assertThat(chatOutcome.rejected()).isZero();
                assertThat(server.metrics().total("livepulse.collector.events.accepted"))
                        .isEqualTo(2_000 + replay.eventCount() + 1_922);

                try (var direct = new KafkaEventSender(broker.bootstrapServers(), topics,
                        new Pseudonymizer(Pseudonymizer.DEMO_KEY.getBytes(StandardCharsets.UTF_8)))) {
                    var outcome = new EventPump(direct, Pacing.asFastAsPossible(), 100, false, Duration.ofSeconds(1))
                            .run(new PlatformSimulator(SimulationConfig.tiny(9).withUsers(20)).events(), 500, 500, () -> false);
                    assertThat(outcome.accepted()).isEqualTo(500);
                }
                var stored = CommittedRecords.readAll(broker.bootstrapServers(), topics.eventTopics());
                assertThat(stored).hasSize((int) (2_000 + replay.eventCount() + 1_922 + 500));
                var users = new HashSet<String>();
                stored.forEach(e -> users.add(String.valueOf(e.get(e.getSchema().getField("userId").pos()))));
                assertThat(users).allMatch(u -> u.matches("[0-9a-f]{32}"));
                long recent = System.currentTimeMillis() - 600_000;
                assertThat(stored.stream().filter(e -> e instanceof PlayerEvent p && p.getEventTimeMs() > recent)
                        .count()).as("live mode stamps events with now").isPositive();
                assertThat(stored.stream().filter(e -> e instanceof ChatMessage c && c.getRoomId().equals("forsen"))
                        .count()).isEqualTo(649);
            }
        }
    }
}
