package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.sentiment.NegativeSpikeRule;
import io.livepulse.platform.config.ConfigException;
import io.livepulse.platform.config.Settings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SentimentJobConfigTest {
    @Test
    void theShippedSettingsAreTheRulesDefaults() {
        var config = SentimentJobConfig.from(Settings.load(Optional.empty(), Map.of()), "models");
        assertThat(config.rule()).isEqualTo(NegativeSpikeRule.defaults());
        assertThat(config).isEqualTo(SentimentJobConfig.defaults("models"));
    }

    @Test
    void theEnvironmentTunesTheAlertRule() {
        var config = SentimentJobConfig.from(Settings.load(Optional.empty(), Map.of(
                "LIVEPULSE_SENTIMENT_ALERT_WARMUP_MINUTES", "2", "LIVEPULSE_SENTIMENT_ALERT_Z_THRESHOLD", "2.5")),
                "models");
        assertThat(config.rule().warmupMinutes()).isEqualTo(2);
        assertThat(config.rule().zThreshold()).isEqualTo(2.5);
        assertThat(config.rule().minMessages()).isEqualTo(NegativeSpikeRule.defaults().minMessages());
    }

    @Test
    void aBadValueNamesItsSetting() {
        assertThatThrownBy(() -> SentimentJobConfig.from(Settings.load(Optional.empty(),
                Map.of("LIVEPULSE_SENTIMENT_ALERT_MIN_MESSAGES", "0")), "models"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sentiment.alert-min-messages");
    }
}
