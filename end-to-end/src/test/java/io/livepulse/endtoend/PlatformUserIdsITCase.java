package io.livepulse.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.EventJson;
import io.livepulse.schemas.event.ChatKind;
import io.livepulse.schemas.event.ChatMessage;
import io.livepulse.schemas.event.PlayerAction;
import io.livepulse.schemas.event.PlayerEvent;
import io.livepulse.schemas.event.RoomAction;
import io.livepulse.schemas.event.RoomEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's own user id, end to end: events posted to the collector's HTTP endpoint with {@code userId: alice}
 * are pseudonymised there, go through Kafka and the Flink feature job into serving's feature store, and
 * {@code GET /v1/recommendations?user=alice} (the same id, the platform key) finds them because serving applies
 * the same keyed pseudonym. Collector, streaming job and serving run as {@code ./livepulse} runs them, each in a
 * JVM of its own (Flink and serving both bring {@code org.rocksdb} classes), against one embedded broker. Event
 * times are fixed; every wait polls with a timeout.
 */
class PlatformUserIdsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String PSEUDONYM_KEY = "end-to-end-pseudonym-key-0123456789-abcdef";
    static final String DEAD_LETTER_KEY = "end-to-end-dead-letter-key-0123456789-abcdef";
    static final String PLATFORM_KEY = "end-to-end-platform-api-key";
    static final String PREFIX = "e2e.";
    static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    static final Pattern READY_PORT = Pattern.compile("ready at http://localhost:(\\d+)");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aPlatformUserIdGoesFromTheCollectorToARepeatRecommendation(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("livepulse.home", "..")).toAbsolutePath().normalize();
        var topics = new TopicCatalog(PREFIX, 1, (short) 1);
        try (var admin = admin()) {
            topics.ensureTopics(admin);
        }
        var common = Map.of("LIVEPULSE_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "LIVEPULSE_KAFKA_TOPIC_PREFIX", PREFIX, "LIVEPULSE_KAFKA_PARTITIONS", "1",
                "LIVEPULSE_DATA_DIR", dir.toString(), "LIVEPULSE_SECRET_PSEUDONYM_KEY", PSEUDONYM_KEY);
        try (var collector = AppJvm.start(home, "ingestion", "io.livepulse.ingestion.CollectorMain",
                        with(common, "LIVEPULSE_COLLECTOR_PORT", "0", "LIVEPULSE_SECRET_DEAD_LETTER_KEY",
                                DEAD_LETTER_KEY), READY_PORT);
                var streaming = AppJvm.start(home, "streaming-jobs", "io.livepulse.streaming.StreamingMain",
                        with(common, "LIVEPULSE_STREAMING_PARALLELISM", "1", "LIVEPULSE_STREAMING_CHECKPOINT_INTERVAL",
                                "1s", "LIVEPULSE_STREAMING_SOURCE_IDLENESS", "2s", "LIVEPULSE_STREAMING_WEB_UI_PORT",
                                "0", "LIVEPULSE_STREAMING_SUMMARY_INTERVAL", "0s", "LIVEPULSE_STREAMING_PARQUET",
                                "false"), Pattern.compile("streaming jobs running"));
                var serving = AppJvm.start(home, "serving", "io.livepulse.serving.ServingMain",
                        with(common, "LIVEPULSE_SERVING_PORT", "0", "LIVEPULSE_SERVING_HOST", "127.0.0.1",
                                "LIVEPULSE_SECRET_API_KEYS", "platform-app:platform:" + PLATFORM_KEY,
                                // the events are dated T0, fixed: keep them under the user-room retention TTL
                                "LIVEPULSE_SERVING_USER_ROOM_TTL", "3650d"),
                        READY_PORT)) {
            int collectorPort = Integer.parseInt(collector.awaitReady(Duration.ofSeconds(120)).group(1));
            int servingPort = Integer.parseInt(serving.awaitReady(Duration.ofSeconds(120)).group(1));
            streaming.awaitReady(Duration.ofSeconds(120));

            var events = new ArrayList<SpecificRecord>();
            events.add(room("R", "streamer-r", RoomAction.STARTED, 0));
            events.add(room("R2", "streamer-r2", RoomAction.STARTED, 0));
            events.addAll(visit("alice", "R", 10, 130, List.of(50L)));
            events.addAll(visit("bob", "R2", 5, 170, List.of(60L, 61L, 62L)));
            post(collectorPort, events);
            // Everything the feature job reads is behind its committed offsets (it commits on checkpoints) before
            // a later event moves event time on: none of the visits can be late, whatever the order of its reads.
            awaitFeatureJobCaughtUp(topics);
            post(collectorPort, visit("carol", "R2", 20 * 60, 20 * 60 + 30, List.of()));

            JsonNode alice = await("alice's watch history in serving", () -> recommendations(servingPort, "alice"),
                    a -> !a.get("coldStart").asBoolean());
            assertThat(alice.get("user").asText()).isEqualTo("alice");
            assertThat(alice.get("items").get(0).get("roomId").asText()).isEqualTo("R");
            assertThat(alice.get("items").get(0).get("reason").asText()).isEqualTo("repeat");
            JsonNode stranger = recommendations(servingPort, "never-seen-user");
            assertThat(stranger.get("coldStart").asBoolean()).isTrue();
            assertThat(stranger.get("items"))
                    .allSatisfy(i -> assertThat(i.get("reason").asText()).isEqualTo("popular"));

            post(collectorPort, List.of(room("R", "streamer-r", RoomAction.ENDED, 21 * 60)));
            JsonNode afterEnd = await("R ended in serving", () -> recommendations(servingPort, "alice"),
                    a -> a.get("items").findValuesAsText("roomId").stream().noneMatch("R"::equals));
            assertThat(afterEnd.get("user").asText()).isEqualTo("alice");

            for (AppJvm app : List.of(collector, streaming, serving)) {
                assertThat(app.output()).as("raw user ids in the output of an app").noneMatch(l -> l.contains("alice"));
            }
        }
    }

    static Map<String, String> with(Map<String, String> common, String... pairs) {
        var env = new HashMap<>(common);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }

    static RoomEvent room(String roomId, String streamer, RoomAction action, long second) {
        return RoomEvent.newBuilder().setEventId(roomId + "-" + action).setUserId(streamer).setRoomId(roomId)
                .setEventTimeMs(T0 + second * 1000).setAction(action).setStreamerId(streamer).setCategory("games")
                .setTitle("room " + roomId).setLanguage("en").build();
    }

    /** A join, a heartbeat every 30 s, chat messages at {@code chatSeconds}, and a leave. */
    static List<SpecificRecord> visit(String user, String roomId, long joinSecond, long leaveSecond,
            List<Long> chatSeconds) {
        var events = new ArrayList<SpecificRecord>();
        events.add(player(user, roomId, PlayerAction.JOIN, joinSecond));
        for (long s = joinSecond + 30; s < leaveSecond; s += 30) {
            events.add(player(user, roomId, PlayerAction.HEARTBEAT, s));
        }
        for (long s : chatSeconds) {
            events.add(ChatMessage.newBuilder().setEventId(user + "-chat-" + s).setUserId(user).setRoomId(roomId)
                    .setEventTimeMs(T0 + s * 1000).setKind(ChatKind.CHAT).setText("hello from " + roomId).build());
        }
        events.add(player(user, roomId, PlayerAction.LEAVE, leaveSecond));
        return events;
    }

    static PlayerEvent player(String user, String roomId, PlayerAction action, long second) {
        var event = PlayerEvent.newBuilder().setEventId(user + "-" + roomId + "-" + action + "-" + second)
                .setUserId(user).setRoomId(roomId).setEventTimeMs(T0 + second * 1000).setAction(action);
        if (action == PlayerAction.HEARTBEAT) {
            event.setBitrateKbps(3000.0).setBandwidthKbps(6000.0);
        }
        return event.build();
    }

    static void post(int port, List<? extends SpecificRecord> events) throws Exception {
        var body = new StringBuilder();
        events.forEach(e -> body.append(EventJson.toJsonString(e)).append('\n'));
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).as(response.body()).isEqualTo(events.size());
    }

    static JsonNode recommendations(int port, String user) {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/recommendations?k=3&user=" + user)).timeout(Duration.ofSeconds(10))
                    .header("X-Api-Key", PLATFORM_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("GET /v1/recommendations failed", e);
        }
    }

    static void awaitFeatureJobCaughtUp(TopicCatalog topics) throws Exception {
        try (var admin = admin()) {
            var latest = new HashMap<TopicPartition, OffsetSpec>();
            topics.eventTopics().forEach(t -> latest.put(new TopicPartition(t, 0), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            await("the feature job's committed offsets at the end of the event topics", () -> {
                try {
                    return admin.listConsumerGroupOffsets("livepulse-features").partitionsToOffsetAndMetadata().get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, committed -> ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                    || (committed.get(end.getKey()) != null
                            && committed.get(end.getKey()).offset() >= end.getValue().offset())));
        }
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = probe.get();
        }
        return last;
    }
}
