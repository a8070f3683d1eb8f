package io.livepulse.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.serving.store.OnlineFeatures;
import io.livepulse.serving.store.RocksDbFeatureStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveFeedTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void snapshotSumsLiveRoomsOnlyAndComputesCtrFromCounts() {
        try (var store = RocksDbFeatureStore.open(dir)) {
            var features = new OnlineFeatures(store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));
            features.apply(metrics("a", 100, 50, 200, 10, 0));
            features.apply(metrics("b", 300, 150, 100, 0, -4_000));
            features.apply(metrics("gone", 1_000, 999, 1_000, 999, -3_600_000));
            var feed = new LiveFeed(features, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1), () -> 1.5,
                    () -> 7);
            Map<String, Object> s = feed.snapshot();
            assertThat(s.get("ccu")).isEqualTo(400L);
            assertThat(s.get("liveRooms")).isEqualTo(2);
            assertThat(s.get("giftRevenueMinor")).isEqualTo(200L);
            assertThat((double) s.get("adCtr")).isEqualTo(10.0 / 300);
            assertThat(s.get("lagSeconds")).isEqualTo(1.5);
            assertThat(s.get("pipelineLagSeconds")).isEqualTo(0.0);
            var later = new OnlineFeatures(store, Clock.fixed(NOW.plusSeconds(3), ZoneOffset.UTC), Duration.ofMinutes(5));
            assertThat(later.pipelineLagSeconds()).isEqualTo(3.0);
            @SuppressWarnings("unchecked")
            var rooms = (List<Map<String, Object>>) s.get("rooms");
            assertThat(rooms).extracting(r -> r.get("roomId")).containsExactly("b", "a");
            assertThat(rooms.get(0).get("watchMinutes")).isEqualTo(2.0);
        }
    }

    static RoomMetrics metrics(String roomId, int ccu, long gifts, long impressions, long clicks, long offsetMs) {
        long end = NOW.toEpochMilli() + offsetMs;
        return RoomMetrics.newBuilder().setRoomId(roomId).setWindowStartMs(end - 60_000).setWindowEndMs(end)
                .setConcurrentViewers(ccu).setNewViewers(1).setAvgWatchTimeMs(120_000).setAvgInteractionsPerMinute(2.5)
                .setInteractions(10).setGiftRevenueMinor(gifts).setOrderRevenueMinor(0).setNewSubscriptions(0)
                .setAdImpressions(impressions).setAdClicks(clicks).setCtr(0).setProductClicks(0).setOrders(0)
                .setConversion(0).setTrendingScore(ccu).setCategory(null).build();
    }
}
