package io.livepulse.serving;

import static io.livepulse.serving.ServingFixture.await;
import static io.livepulse.serving.ServingFixture.call;
import static io.livepulse.serving.ServingFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.platform.kafka.InProcessKafkaBroker;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.ModelKinds;
import io.livepulse.serving.store.RedisServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server on the Redis feature store: consumed records are served, and a second server shares them. */
class ServingOnRedisITCase {

    @Test
    void aSecondServerOnTheSameRedisServesWhatTheFirstConsumed(@TempDir Path dir) throws Exception {
        try (var redis = RedisServer.start(dir);
                var broker = InProcessKafkaBroker.start(dir.resolve("kafka"), 0);
                var producer = ServingFixture.producer(broker.bootstrapServers())) {
            var extra = Map.of("serving.feature-store", "redis", "serving.redis-host", "127.0.0.1",
                    "serving.redis-port", String.valueOf(redis.port()));
            var keys = ApiKeys.none().with("ops", Set.of(Role.OPERATOR), "k");
            var first = ServingFixture.config(broker.bootstrapServers(), dir.resolve("a"), extra);
            var topics = TopicCatalog.of(first.platform());
            long now = System.currentTimeMillis();
            try (var server = ServingServer.start(first, keys, ModelKinds.recommenders(), ModelKinds.sentiment(),
                    Clock.systemUTC())) {
                send(producer, topics.roomMetrics(), "r1", metrics("r1", 42, now));
                await("r1 in Redis", () -> call(server.port(), "GET", "/v1/rooms/r1/metrics", "k", null).status() == 200);
            }
            var second = ServingFixture.config(broker.bootstrapServers(), dir.resolve("b"), extra);
            try (var server = ServingServer.start(second, keys, ModelKinds.recommenders(), ModelKinds.sentiment(),
                    Clock.systemUTC())) {
                var room = call(server.port(), "GET", "/v1/rooms/r1/metrics", "k", null);
                assertThat(room.status()).isEqualTo(200);
                assertThat(room.body().get("metrics").get("concurrentViewers").asInt()).isEqualTo(42);
                send(producer, topics.roomMetrics(), "r2", metrics("r2", 7, now));
                await("r2 after the switch", () -> server.features().roomMetrics("r2").isPresent());
                assertThat(call(server.port(), "GET", "/v1/rooms/trending", "k", null).body().get("rooms"))
                        .extracting(n -> n.get("roomId").asText()).containsExactly("r1", "r2");
            }
        }
    }

    static RoomMetrics metrics(String roomId, int ccu, long now) {
        return RoomMetrics.newBuilder().setRoomId(roomId).setWindowStartMs(now - 60_000).setWindowEndMs(now)
                .setConcurrentViewers(ccu).setNewViewers(1).setAvgWatchTimeMs(1).setAvgInteractionsPerMinute(1)
                .setInteractions(1).setGiftRevenueMinor(0).setOrderRevenueMinor(0).setNewSubscriptions(0)
                .setAdImpressions(0).setAdClicks(0).setCtr(0).setProductClicks(0).setOrders(0).setConversion(0)
                .setTrendingScore(ccu).setCategory(null).build();
    }
}
