package io.livepulse.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.serving.store.RocksDbFeatureStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardHistoryTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Duration PERIOD = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    static Clock at(long seconds) {
        return Clock.fixed(T0.plusSeconds(seconds), ZoneOffset.UTC);
    }

    static DashboardHistory.Point point(long seconds, long ccu) {
        return new DashboardHistory.Point(T0.plusSeconds(seconds).toEpochMilli(), ccu, 3, 100, 200, 1, 0.02, 1.5, 0.2,
                ccu % 2 == 0 ? 0 : 1);
    }

    @Test
    void keepsAtMostTheRetentionAndAnswersTheLastMinutesOldestFirst() {
        try (var store = RocksDbFeatureStore.open(dir)) {
            var history = new DashboardHistory(store, at(7_200), PERIOD, Duration.ofHours(1));
            assertThat(history.capacity()).isEqualTo(3_601);
            for (long s = 0; s <= 7_200; s++) {
                history.record(point(s, s));
            }
            assertThat(history.size()).isEqualTo(3_601);
            var lastMinute = history.last(Duration.ofMinutes(1));
            assertThat(lastMinute).hasSize(61);
            assertThat(lastMinute.get(0).ccu()).isEqualTo(7_140);
            assertThat(lastMinute.get(60).ccu()).isEqualTo(7_200);
            assertThat(history.last(Duration.ofHours(2))).hasSize(3_601);
            // what fell out of the ring is gone from the store too
            assertThat(store.scan(DashboardHistory.TABLE, "")).hasSize(3_601);
        }
    }

    @Test
    void aPointNotNewerThanTheLastIsIgnored() {
        try (var store = RocksDbFeatureStore.open(dir)) {
            var history = new DashboardHistory(store, at(10), PERIOD, Duration.ofHours(1));
            history.record(point(5, 50));
            history.record(point(5, 99));
            history.record(point(4, 40));
            assertThat(history.last(Duration.ofHours(1))).extracting(DashboardHistory.Point::ccu).containsExactly(50L);
        }
    }

    @Test
    void aRestartRestoresThePointsWithinTheRetentionFromTheStore() {
        try (var store = RocksDbFeatureStore.open(dir)) {
            var history = new DashboardHistory(store, at(0), PERIOD, Duration.ofHours(1));
            for (long s = 0; s < 600; s++) {
                history.record(point(s, s));
            }
        }
        // restarted at 3,900 s: the points of the first 300 s are older than the hour kept
        try (var store = RocksDbFeatureStore.open(dir)) {
            var restored = new DashboardHistory(store, at(3_900), PERIOD, Duration.ofHours(1));
            var points = restored.last(Duration.ofHours(1));
            assertThat(points).hasSize(300);
            assertThat(points.get(0)).isEqualTo(point(300, 300));
            assertThat(points.get(points.size() - 1)).isEqualTo(point(599, 599));
            assertThat(store.scan(DashboardHistory.TABLE, "")).hasSize(points.size());
        }
        try (var store = RocksDbFeatureStore.open(dir)) {
            var later = new DashboardHistory(store, at(599 + 3_600), PERIOD, Duration.ofHours(1));
            assertThat(later.last(Duration.ofHours(1))).extracting(DashboardHistory.Point::ccu)
                    .containsExactly(599L);
            assertThat(store.scan(DashboardHistory.TABLE, "")).hasSize(1);
        }
    }
}
