package io.livepulse.serving.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbFeatureStoreTest extends FeatureStoreContract {
    @TempDir
    Path dir;

    @Override
    FeatureStore open() {
        return RocksDbFeatureStore.open(dir.resolve("features"));
    }

    @Test
    void survivesARestart() {
        var features = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        features.apply(metrics("r1", 42, 3.0, 0));
        features.apply(userRoom("u1", "r1", 5_000));
        store.close();
        store = open();
        var reopened = new OnlineFeatures(store, CLOCK, Duration.ofMinutes(5));
        assertThat(reopened.roomMetrics("r1").orElseThrow().getConcurrentViewers()).isEqualTo(42);
        assertThat(reopened.userRooms("u1")).hasSize(1);
    }

    @Test
    void aSecondProcessOnTheSameDirectoryIsToldWhy() {
        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is another serving process using it?");
    }
}
