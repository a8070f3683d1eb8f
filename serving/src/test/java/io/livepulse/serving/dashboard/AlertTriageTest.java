package io.livepulse.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.serving.store.OnlineFeatures;
import io.livepulse.serving.store.RocksDbFeatureStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertTriageTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    static SentimentAlert alert(String id, String room, long raisedSecondsAgo) {
        long raised = NOW.minusSeconds(raisedSecondsAgo).toEpochMilli();
        return SentimentAlert.newBuilder().setAlertId(id).setRoomId(room).setWindowStartMs(raised - 60_000)
                .setWindowEndMs(raised).setMessages(80).setNegativeMessages(50).setNegativeShare(0.625)
                .setBaselineShare(0.1).setZScore(6.2).setTopNegativeTerms(List.of("退钱"))
                .setSampleMessages(List.of("主播退钱")).setRaisedTimeMs(raised).build();
    }

    @Test
    void acknowledgeThenResolveKeepsWhoAndWhenAndSurvivesARestart() {
        var clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (var store = RocksDbFeatureStore.open(dir)) {
            var features = new OnlineFeatures(store, clock, Duration.ofMinutes(5));
            features.apply(alert("a1", "r1", 60));
            var triage = new AlertTriage(features, clock);
            assertThat(triage.state("a1").status()).isEqualTo("open");
            var acked = triage.acknowledge("a1", "alice");
            assertThat(acked.state()).isEqualTo(new AlertTriage.State("acknowledged", "alice", NOW.toEpochMilli(),
                    null, null));
            // a second acknowledgement keeps the first
            var later = new AlertTriage(features, Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC));
            assertThat(later.acknowledge("a1", "bob").state().acknowledgedBy()).isEqualTo("alice");
            var resolved = later.resolve("a1", "bob");
            assertThat(resolved.state()).isEqualTo(new AlertTriage.State("resolved", "alice", NOW.toEpochMilli(),
                    "bob", NOW.plusSeconds(30).toEpochMilli()));
            assertThatThrownBy(() -> later.resolve("a1", "carol")).isInstanceOf(AlertTriage.AlreadyResolved.class)
                    .hasMessageContaining("already resolved by bob");
            assertThatThrownBy(() -> later.acknowledge("a1", "carol"))
                    .isInstanceOf(AlertTriage.AlreadyResolved.class);
        }
        try (var store = RocksDbFeatureStore.open(dir)) {
            var triage = new AlertTriage(new OnlineFeatures(store, clock, Duration.ofMinutes(5)), clock);
            assertThat(triage.state("a1").resolvedBy()).isEqualTo("bob");
            assertThat(triage.openCount()).isZero();
        }
    }

    @Test
    void unknownAlertsAreRefused() {
        var clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (var store = RocksDbFeatureStore.open(dir)) {
            var triage = new AlertTriage(new OnlineFeatures(store, clock, Duration.ofMinutes(5)), clock);
            assertThatThrownBy(() -> triage.acknowledge("nope", "alice")).isInstanceOf(NoSuchElementException.class)
                    .hasMessage("no alert 'nope' is stored");
            assertThatThrownBy(() -> triage.resolve("nope", "alice")).isInstanceOf(NoSuchElementException.class);
            assertThat(store.scan(AlertTriage.TABLE, "")).isEmpty();
        }
    }

    @Test
    void unresolvedAlertsComeFirstNewestFirstAndCountAsOpen() {
        var clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (var store = RocksDbFeatureStore.open(dir)) {
            var features = new OnlineFeatures(store, clock, Duration.ofMinutes(5));
            features.apply(alert("old-open", "r1", 3_000));
            features.apply(alert("resolved-new", "r2", 10));
            features.apply(alert("acked", "r3", 600));
            features.apply(alert("new-open", "r4", 60));
            var triage = new AlertTriage(features, clock);
            triage.resolve("resolved-new", "alice");
            triage.acknowledge("acked", "alice");
            assertThat(triage.list(10)).extracting(t -> t.alert().getAlertId())
                    .containsExactly("new-open", "acked", "old-open", "resolved-new");
            assertThat(triage.openCount()).isEqualTo(3);
            assertThat(triage.roomsWithOpenAlerts(NOW.minusSeconds(1_000).toEpochMilli()))
                    .containsExactlyInAnyOrder("r3", "r4");
        }
    }
}
