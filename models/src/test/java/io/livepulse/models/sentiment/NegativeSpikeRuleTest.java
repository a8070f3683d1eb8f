package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NegativeSpikeRuleTest {
    private static final NegativeSpikeRule RULE = NegativeSpikeRule.defaults();
    private static final long MIN = 60_000L;

    private static int falseAlerts;

    /** Feeds {@code minutes} quiet minutes of 40 messages at 20 % negative (binomial, seeded); counts alerts. */
    private static NegativeSpikeRule.Baseline quiet(int minutes, long seed) {
        var rnd = new Random(seed);
        var b = NegativeSpikeRule.Baseline.EMPTY;
        for (int m = 0; m < minutes; m++) {
            int neg = 0;
            for (int i = 0; i < 40; i++) {
                neg += rnd.nextDouble() < 0.2 ? 1 : 0;
            }
            var d = RULE.evaluate(b, m * MIN, 40, neg);
            falseAlerts += d.alert() ? 1 : 0;
            b = d.next();
        }
        return b;
    }

    @Test
    void aBurstAfterAQuietHourAlertsWithEvidence() {
        var b = quiet(60, 8);
        assertThat(b.mean()).isBetween(0.12, 0.28);
        var d = RULE.evaluate(b, 60 * MIN, 40, 28);
        assertThat(d.alert()).isTrue();
        assertThat(d.share()).isEqualTo(0.7);
        assertThat(d.zScore()).isGreaterThan(3);
        assertThat(d.baselineShare()).isEqualTo(b.mean());
        assertThat(d.next().mean()).as("the spike is not folded into the baseline").isEqualTo(b.mean());
    }

    @Test
    void cooldownSuppressesRepeatsThenAllowsANewAlert() {
        var b = RULE.evaluate(quiet(30, 3), 30 * MIN, 40, 30).next();
        var again = RULE.evaluate(b, 31 * MIN, 40, 30);
        assertThat(again.spike()).isTrue();
        assertThat(again.alert()).isFalse();
        assertThat(RULE.evaluate(again.next(), 35 * MIN, 40, 30).alert()).isTrue();
    }

    @Test
    void lowVolumeAndWarmUpNeverAlert() {
        var b = quiet(30, 5);
        assertThat(RULE.evaluate(b, 30 * MIN, 19, 19).alert()).as("19 messages < minMessages").isFalse();
        assertThat(RULE.evaluate(b, 30 * MIN, 19, 19).next()).isEqualTo(b);
        var young = quiet(3, 5);
        assertThat(RULE.evaluate(young, 3 * MIN, 40, 40).alert()).as("still warming up").isFalse();
    }

    @Test
    void quietRoomsRaiseAtMostOneFalseAlertPerTwentySimulatedHours() {
        falseAlerts = 0;
        for (long seed = 0; seed < 50; seed++) {
            quiet(600, seed);
        }
        // 500 room-hours of pure binomial noise around a 20 % negative share
        assertThat(falseAlerts).isLessThanOrEqualTo(25);
        System.err.println("false alerts in 500 quiet room-hours: " + falseAlerts);
    }

    @Test
    void rejectsNonsenseParameters() {
        assertThatThrownBy(() -> new NegativeSpikeRule(0, 3, 20, 0.1, 0.03, 5, 5)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new NegativeSpikeRule(0.1, 3, 0, 0.1, 0.03, 5, 5))
                .hasMessageContaining("minMessages >= 1");
    }
}
