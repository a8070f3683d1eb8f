package io.livepulse.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamingConfigTest {

    @Test
    void defaultsGiveTheDocumentedJob() {
        var config = StreamingConfig.from(Settings.of(Map.of()));

        assertThat(config.features().heartbeatGap()).isEqualTo(Duration.ofSeconds(150));
        assertThat(config.features().roomWindowSize()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.stateBackend()).isEqualTo("heap");
        assertThat(config.webUiPort()).isEqualTo(8082);
        assertThat(config.parquetDir().endsWith(java.nio.file.Path.of("data", "parquet"))).isTrue();
    }

    @Test
    void badSettingsAreAllReportedWithTheirFix() {
        assertThatThrownBy(() -> StreamingConfig.from(Settings.of(Map.of(
                        "streaming.heartbeat-gap", "soon", "streaming.parallelism", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("streaming.heartbeat-gap = 'soon'")
                .hasMessageContaining("streaming.parallelism = '0'")
                .hasMessageContaining("LIVEPULSE_STREAMING_PARALLELISM");
    }

    @Test
    void unknownStateBackendAndWindowsThatDoNotTileAreRefused() {
        assertThatThrownBy(() -> StreamingConfig.from(Settings.of(Map.of("streaming.state-backend", "redis"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("heap or rocksdb");
        assertThatThrownBy(() -> StreamingConfig.from(Settings.of(Map.of("streaming.room-window-slide", "7s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("multiple of roomWindowSlide");
    }
}
