package io.livepulse.streaming.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.sentiment.NegativeSpikeRule;
import io.livepulse.schemas.feature.SentimentAlert;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NegativeSpikeDetectorTest {
    private static final long MIN = 60_000L;
    private static final Duration TTL = Duration.ofHours(1);
    private KeyedOneInputStreamOperatorTestHarness<String, RoomMinute, SentimentAlert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new NegativeSpikeDetector(NegativeSpikeRule.defaults(), TTL), RoomMinute::roomId, Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static RoomMinute minute(String room, int m, int messages, int negatives) {
        return new RoomMinute(room, m * MIN, (m + 1) * MIN, messages, negatives, 0.0, List.of("难吃"),
                List.of("太难吃了"), "PRODUCT");
    }

    @Test
    void quietMinutesThenABurstRaiseOneAlertWithEvidence() throws Exception {
        int[] quietNegatives = {6, 8, 7, 9, 5, 8, 7, 6, 9, 8};
        for (int m = 0; m < quietNegatives.length; m++) {
            harness.processElement(minute("r1", m, 40, quietNegatives[m]), (m + 1) * MIN - 1);
            harness.processElement(minute("r2", m, 40, quietNegatives[m]), (m + 1) * MIN - 1);
        }
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processElement(minute("r1", 10, 40, 30), 11 * MIN - 1);
        var alerts = harness.extractOutputValues();
        assertThat(alerts).hasSize(1);
        var a = alerts.get(0);
        assertThat(a.getRoomId()).isEqualTo("r1");
        assertThat(a.getAlertId()).isEqualTo("r1@" + 10 * MIN);
        assertThat(a.getNegativeMessages()).isEqualTo(30);
        assertThat(a.getNegativeShare()).isEqualTo(0.75);
        assertThat(a.getBaselineShare()).isBetween(0.15, 0.2);
        assertThat(a.getZScore()).isGreaterThan(3.0);
        assertThat(a.getSampleMessages()).containsExactly("太难吃了");
        assertThat(a.getTopNegativeTerms()).containsExactly("难吃");
        assertThat(a.getTopic()).isEqualTo("PRODUCT");
    }

    @Test
    void baselineStateIsClearedAfterTheTtl() throws Exception {
        harness.processElement(minute("r1", 0, 40, 8), MIN - 1);
        harness.processElement(minute("r1", 1, 40, 8), 2 * MIN - 1);
        harness.processElement(minute("r2", 0, 40, 8), MIN - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        harness.processWatermark(2 * MIN + TTL.toMillis() - 1);
        assertThat(harness.numKeyedStateEntries()).as("r2 expired, r1 not yet").isEqualTo(2);
        harness.processWatermark(2 * MIN + TTL.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
