package io.livepulse.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServingConfigTest {
    @Test
    void withoutTheCollectorsKeyServingFailsSayingWhatToSet() {
        assertThatThrownBy(() -> ServingConfig.from(Settings.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Set LIVEPULSE_SECRET_PSEUDONYM_KEY")
                .hasMessageContaining("serving.demo-mode=true");
        assertThatThrownBy(() -> ServingConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", "short"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32 characters");
    }

    @Test
    void servingUsesTheSecretOrInDemoModeTheCollectorsDevelopmentKey() {
        var real = ServingConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SECRET_PSEUDONYM_KEY", "x".repeat(40), "LIVEPULSE_SERVING_DEMO_MODE", "true")));
        assertThat(real.pseudonymKey()).isEqualTo("x".repeat(40).getBytes(StandardCharsets.UTF_8));
        assertThat(real.demoKey()).isFalse();
        var demo = ServingConfig.from(Settings.of(Map.of("serving.demo-mode", "true")));
        assertThat(demo.pseudonymKey()).isEqualTo(Pseudonymizer.DEMO_KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(demo.demoKey()).isTrue();
    }
}
