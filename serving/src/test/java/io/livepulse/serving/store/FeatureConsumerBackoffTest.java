package io.livepulse.serving.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeatureConsumerBackoffTest {

    @Test
    void backoffDoublesFromTheMinimumAndStopsAtTheMaximum() {
        assertThat(FeatureConsumer.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(FeatureConsumer.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(FeatureConsumer.backoff(5)).isEqualTo(Duration.ofMillis(1_600));
        assertThat(FeatureConsumer.backoff(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(FeatureConsumer.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
    }
}
