package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.schemas.event.ChatKind;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.DeadLetter;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.schemas.feature.SentimentAlert;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job on a MiniCluster over 8 rooms x 90 minutes x 30 messages of replayed waimai_10k text with three
 * planted negative bursts: each burst must alert within 2 minutes of its start (event time), and the quiet
 * room-minutes (12 room-hours) may raise at most one false alert.
 */
class ChatSentimentJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Path SHARED = Path.of(System.getProperty("livepulse.shared.data", "../../shared/data"));

    @TempDir
    Path dataDir;

    /** Builds chat events from the replay lines (serialisable for the generator source). */
    record Generator(List<PlantedBurstFixture.Line> lines) implements GeneratorFunction<Long, ChatMessage> {
        @Override
        public ChatMessage map(Long i) {
            var l = lines.get(i.intValue());
            return ChatMessage.newBuilder()
                    .setEventId("e" + i).setUserId("u" + (i % 97)).setRoomId(l.roomId())
                    .setEventTimeMs(l.eventTimeMs()).setReceivedTimeMs(l.eventTimeMs() + 50).setSchemaVersion(1)
                    .setKind(i % 3 == 0 ? ChatKind.DANMAKU : ChatKind.CHAT).setText(l.text())
                    .build();
        }
    }

    @Test
    void everyPlantedBurstAlertsWithinTwoMinutesAndQuietRoomsStayQuiet() throws Exception {
        var fixture = new PlantedBurstFixture(SHARED);
        var registry = new ModelRegistry(dataDir.resolve("models"));
        fixture.registerModel(registry, "zh-test");
        fixture.registerModel(registry, "en-test");
        var bursts = List.of(new PlantedBurstFixture.Burst("room-6", 20, 3),
                new PlantedBurstFixture.Burst("room-1", 40, 3), new PlantedBurstFixture.Burst("room-4", 65, 4));
        int rooms = 8;
        int minutes = 90;
        var lines = fixture.replay(rooms, minutes, 30, bursts, 7);

        var source = new DataGeneratorSource<>(new Generator(new ArrayList<>(lines)), lines.size(),
                RateLimiterStrategy.noOp(), new AvroTypeInfo<>(ChatMessage.class));
        var roomSink = new CollectingSink<RoomSentiment>("rooms");
        var alertSink = new CollectingSink<SentimentAlert>("alerts");
        var deadLetterSink = new CollectingSink<DeadLetter>("dead-letters");
        var defaults = SentimentJobConfig.defaults(registry.root().toString());
        var config = new SentimentJobConfig(defaults.registryRoot(), "zh-test", "en-test",
                defaults.modelCheckInterval(), defaults.maxOutOfOrderness(), defaults.sourceIdleness(), defaults.rule(),
                defaults.topTerms(), defaults.sampleMessages(), defaults.roomStateTtl());
        var env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1_000); // the Parquet sinks commit their files on checkpoints (and at the end)
        String parquet = dataDir.resolve("parquet").toString();
        new ChatSentimentJob(source, List.of(roomSink, SentimentConnectors.roomSentimentParquet(parquet)),
                List.of(alertSink, SentimentConnectors.alertParquet(parquet)), List.of(deadLetterSink), config)
                .execute(env);

        var roomMinutes = roomSink.values();
        assertThat(roomMinutes).hasSize(rooms * minutes);
        assertThat(roomMinutes.stream().mapToInt(RoomSentiment::getMessages).sum()).isEqualTo(lines.size());
        assertThat(deadLetterSink.values()).as("an in-order replay has no late chat").isEmpty();

        var alerts = alertSink.values();
        for (var b : bursts) {
            assertThat(alerts)
                    .as("burst %s", b)
                    .anySatisfy(a -> {
                        assertThat(a.getRoomId()).isEqualTo(b.roomId());
                        assertThat(a.getWindowStartMs()).isBetween(b.startMs(), b.startMs() + PlantedBurstFixture.MIN);
                        assertThat(a.getWindowEndMs() - b.startMs()).isLessThanOrEqualTo(2 * PlantedBurstFixture.MIN);
                        assertThat(a.getSampleMessages()).isNotEmpty();
                        assertThat(a.getTopNegativeTerms()).isNotEmpty();
                        assertThat(a.getNegativeShare()).isGreaterThan(a.getBaselineShare() + 0.15);
                    });
        }
        var falseAlerts = alerts.stream()
                .filter(a -> bursts.stream().noneMatch(b -> b.covers(a.getRoomId(), a.getWindowStartMs())))
                .toList();
        System.err.println("alerts: " + alerts.size() + ", false: " + falseAlerts);
        // the bursts replay waimai_10k delivery complaints: their alerts name the product (AlertTopic)
        var burstTopics = alerts.stream()
                .filter(a -> bursts.stream().anyMatch(b -> b.covers(a.getRoomId(), a.getWindowStartMs())))
                .map(SentimentAlert::getTopic).toList();
        System.err.println("burst alert topics: " + burstTopics);
        assertThat(burstTopics).isNotEmpty().containsOnly(io.livepulse.models.sentiment.AlertTopic.PRODUCT.name());
        for (String hour : List.of("hour=00", "hour=01")) {
            try (var files = java.nio.file.Files.list(dataDir.resolve("parquet/room_sentiment/date=2026-01-01/" + hour))) {
                assertThat(files.filter(f -> !f.getFileName().toString().startsWith(".")).toList())
                        .as("committed Parquet files for %s", hour).isNotEmpty();
            }
        }
        try (var files = java.nio.file.Files.walk(dataDir.resolve("parquet/sentiment_alerts"))) {
            assertThat(files.filter(f -> java.nio.file.Files.isRegularFile(f)
                    && !f.getFileName().toString().startsWith(".")).toList()).isNotEmpty();
        }
        assertThat(falseAlerts).as("false alerts in %d quiet room-hours", rooms * minutes / 60).hasSizeLessThanOrEqualTo(1);
    }
}
