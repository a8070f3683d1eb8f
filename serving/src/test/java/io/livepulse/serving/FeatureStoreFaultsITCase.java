package io.livepulse.serving;

import static io.livepulse.serving.ServingFixture.await;
import static io.livepulse.serving.ServingFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.ModelKinds;
import io.livepulse.serving.store.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature consumer survives its store going away: Redis is stopped mid-stream, {@code /health} turns 503 with
 * a reason and failures are counted, Redis comes back on the same port, and the store then holds exactly what the
 * topic says, every record applied.
 */
class FeatureStoreFaultsITCase {
    private static final Pattern FAILURES = Pattern.compile("(?m)^livepulse_feature_store_failures_total(?:\\{[^}]*})? (\\S+)");

    @Test
    void redisStoppedMidStreamThenRestartedLosesNothingAndHealthSaysDownMeanwhile(@TempDir Path dir) throws Exception {
        int redisPort = RedisServer.freePort();
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        var redis = RedisServer.startPersistent(redisDir, redisPort);
        try (var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0);
                var producer = ServingFixture.producer(broker.bootstrapServers())) {
            var config = ServingFixture.config(broker.bootstrapServers(), dir.resolve("serving"), Map.of(
                    "serving.feature-store", "redis", "serving.redis-host", "127.0.0.1",
                    "serving.redis-port", String.valueOf(redisPort)));
            var catalog = TopicCatalog.of(config.platform());
            // Created up front, as the demo does: a producer racing the topic's auto-creation once left its first
            // batch retrying with OutOfOrderSequenceException until the delivery timeout (seen in a fresh-clone CI).
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                catalog.ensureTopics(admin);
            }
            var topic = catalog.userRoomFeatures();
            var keys = ApiKeys.none().with("ops", Set.of(Role.OPERATOR), "k");
            var expected = new TreeMap<String, UserRoomFeatures>();
            try (var server = ServingServer.start(config, keys, ModelKinds.recommenders(), ModelKinds.sentiment(),
                    Clock.systemUTC())) {
                int port = server.port();
                sendAll(producer, topic, expected, 0, 200, 1);
                await("the first 200 records in Redis",
                        () -> server.features().store().scan("user-room", "").size() == 200);
                assertThat(call(port, "GET", "/health", null, null).status()).isEqualTo(200);

                redis.close();
                // new keys and new values of old ones, while the store is down
                sendAll(producer, topic, expected, 150, 400, 2);
                await("/health down", () -> call(port, "GET", "/health", null, null).status() == 503);
                var down = call(port, "GET", "/health", null, null);
                assertThat(down.body().get("status").asText()).isEqualTo("down");
                assertThat(down.body().get("reason").asText()).contains("redis store").contains("retry");
                await("failures counted", () -> failures(port) >= 2);

                redis = RedisServer.startPersistent(redisDir, redisPort);
                await("/health up again", () -> call(port, "GET", "/health", null, null).status() == 200);
                await("every record applied", () -> storedFeatures(server).equals(expected));
                assertThat(storedFeatures(server)).hasSize(400).isEqualTo(expected);
                assertThat(call(port, "GET", "/health", null, null).body().has("reason")).isFalse();
            }
        } finally {
            redis.close();
        }
    }

    /** Sends users {@code from..to-1} (one room each) with watch time {@code version * 1000 + user}. */
    private static void sendAll(KafkaProducer<String, SpecificRecord> producer, String topic,
            Map<String, UserRoomFeatures> expected, int from, int to, int version) throws Exception {
        long now = System.currentTimeMillis();
        for (int user = from; user < to; user++) {
            var f = UserRoomFeatures.newBuilder().setUserId("u" + user).setRoomId("r" + (user % 7))
                    .setWatchTimeMs(version * 1_000L + user).setSessions(version).setInteractions(2)
                    .setInteractionsPerMinute(1.0).setGiftCount(0).setGiftValueMinor(0).setTransmissionTerm(null)
                    .setMeanBitrateKbps(null).setMeanBandwidthKbps(null).setFirstEventTimeMs(now)
                    .setLastEventTimeMs(now).build();
            String key = f.getUserId() + "/" + f.getRoomId();
            expected.put(key, f);
            producer.send(new ProducerRecord<>(topic, key, f));
        }
        producer.flush();
    }

    private static Map<String, UserRoomFeatures> storedFeatures(ServingServer server) {
        try {
            var stored = new LinkedHashMap<String, UserRoomFeatures>();
            server.features().store().scan("user-room", "").forEach((k, v) ->
                    stored.put(k, AvroCodec.standard().decode(v, UserRoomFeatures.class)));
            return new TreeMap<>(stored);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static double failures(int port) {
        var metrics = call(port, "GET", "/metrics", "k", null).raw().body();
        var m = FAILURES.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
