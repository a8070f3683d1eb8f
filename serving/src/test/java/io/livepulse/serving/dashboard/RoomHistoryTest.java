package io.livepulse.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.RoomSentiment;
import io.livepulse.serving.store.RocksDbFeatureStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoomHistoryTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    static RoomMetrics metrics(String room, long endSeconds, int ccu) {
        long end = T0.plusSeconds(endSeconds).toEpochMilli();
        return RoomMetrics.newBuilder().setRoomId(room).setWindowStartMs(end - 10_000).setWindowEndMs(end)
                .setConcurrentViewers(ccu).setNewViewers(1).setAvgWatchTimeMs(90_000).setAvgInteractionsPerMinute(2)
                .setInteractions(10).setGiftRevenueMinor(500).setOrderRevenueMinor(0).setNewSubscriptions(1)
                .setAdImpressions(200).setAdClicks(5).setCtr(0).setProductClicks(0).setOrders(2).setConversion(0.1)
                .setTrendingScore(ccu).setCategory("games").build();
    }

    static RoomSentiment chat(String room, long endSeconds, int messages, int negative) {
        long end = T0.plusSeconds(endSeconds).toEpochMilli();
        return RoomSentiment.newBuilder().setRoomId(room).setWindowStartMs(end - 60_000).setWindowEndMs(end)
                .setMessages(messages).setNegativeMessages(negative).setNegativeShare((double) negative / messages)
                .setMeanScore(0).setTopNegativeTerms(List.of()).build();
    }

    @Test
    void keepsEachRoomsWindowsInOrderAndRestoresThemAfterARestart() {
        try (var store = RocksDbFeatureStore.open(dir)) {
            var history = new RoomHistory(store, Clock.fixed(T0.plusSeconds(100), ZoneOffset.UTC), Duration.ofHours(1));
            history.record(metrics("r1", 10, 100));
            history.record(metrics("r1", 20, 120));
            history.record(metrics("r1", 15, 999)); // older than the last window: ignored
            history.record(metrics("r/2", 20, 7));
            history.record(chat("r1", 60, 40, 10));
            var points = history.metrics("r1", Duration.ofHours(1));
            assertThat(points).extracting(RoomHistory.MetricsPoint::ccu).containsExactly(100L, 120L);
            assertThat(points.get(0).watchMinutes()).isEqualTo(1.5);
            assertThat(points.get(0).adCtr()).isEqualTo(5 / 200.0);
            assertThat(history.metrics("r1", Duration.ofSeconds(85))).hasSize(1);
            assertThat(history.metrics("nobody", Duration.ofHours(1))).isEmpty();
        }
        // one hour and 15 s later: the window ending at 10 s is past the retention
        try (var store = RocksDbFeatureStore.open(dir)) {
            var clock = Clock.fixed(T0.plusSeconds(3_615), ZoneOffset.UTC);
            var restored = new RoomHistory(store, clock, Duration.ofHours(1));
            assertThat(restored.metrics("r1", Duration.ofHours(1))).extracting(RoomHistory.MetricsPoint::ccu)
                    .containsExactly(120L);
            assertThat(restored.metrics("r/2", Duration.ofHours(1))).extracting(RoomHistory.MetricsPoint::ccu)
                    .containsExactly(7L);
            assertThat(restored.chat("r1", Duration.ofHours(1))).containsExactly(
                    new RoomHistory.ChatPoint(T0.plusSeconds(60).toEpochMilli(), 40, 10, 0.25));
            assertThat(store.scan(RoomHistory.TABLE, "")).hasSize(3);
        }
    }

    @Test
    void expiryDropsOldWindowsAndForgetsEmptyRooms() {
        try (var store = RocksDbFeatureStore.open(dir)) {
            var clock = new java.util.concurrent.atomic.AtomicLong(T0.plusSeconds(30).toEpochMilli());
            var history = new RoomHistory(store, new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.ofEpochMilli(clock.get());
                }
            }, Duration.ofMinutes(10));
            history.record(metrics("r1", 10, 100));
            history.record(metrics("r1", 20, 100));
            assertThat(history.knows("r1")).isTrue();
            clock.set(T0.plusSeconds(615).toEpochMilli());
            history.expire();
            assertThat(history.metrics("r1", Duration.ofHours(1))).hasSize(1);
            clock.set(T0.plusSeconds(700).toEpochMilli());
            history.expire();
            assertThat(history.knows("r1")).isFalse();
            assertThat(store.scan(RoomHistory.TABLE, "")).isEmpty();
        }
    }
}
