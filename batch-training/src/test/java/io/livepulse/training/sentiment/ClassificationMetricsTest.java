package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void accuracyMacroF1AndConfusion() {
        var m = ClassificationMetrics.of(2, new int[] {0, 0, 1, 1, 1}, new int[] {0, 1, 1, 1, 0});
        assertThat(m.accuracy()).isCloseTo(0.6, within(1e-12));
        assertThat(m.confusion()).isEqualTo(new long[][] {{1, 1}, {1, 2}});
        // F1(0) = 2/(2+1+1) = 0.5, F1(1) = 4/(4+1+1) = 2/3
        assertThat(m.macroF1()).isCloseTo((0.5 + 2.0 / 3) / 2, within(1e-12));
    }

    @Test
    void macroRecallAndWeightedF1FollowTheirDefinitions() {
        // gold 0,0,0,1,2,2 predicted 0,0,1,1,2,0: recalls 2/3, 1, 1/2; F1 0: 2*2/(3+3)=2/3, 1: 2/(1+2)=2/3, 2: 2/(2+1)
        var m = ClassificationMetrics.of(3, new int[] {0, 0, 0, 1, 2, 2}, new int[] {0, 0, 1, 1, 2, 0});
        assertThat(m.macroRecall()).isCloseTo((2.0 / 3 + 1 + 0.5) / 3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(m.weightedF1()).isCloseTo((3 * (2.0 / 3) + 1 * (2.0 / 3) + 2 * (2.0 / 3)) / 6,
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(m.toMap()).containsKeys("macroRecall", "weightedF1");
    }

    @Test
    void theMajorityShareCountsGoldClassesNotPredictions() {
        var m = ClassificationMetrics.of(3, new int[] {2, 2, 2, 0}, new int[] {0, 0, 0, 0});
        assertThat(m.majorityShare()).isEqualTo(0.75);
    }

    @Test
    void aClassNeverPredictedHasF1Zero() {
        var m = ClassificationMetrics.of(3, new int[] {0, 1, 2}, new int[] {0, 1, 1});
        assertThat(m.macroF1()).isCloseTo((1.0 + 2.0 / 3 + 0) / 3, within(1e-12));
    }

    @Test
    void theShortTextSliceKeepsOnlyTextsOfAtMostTwentyCodePoints() {
        String[] texts = {"好", "x".repeat(20), "x".repeat(21), "哈".repeat(20), "😀".repeat(21)};
        int[] gold = {0, 1, 1, 0, 1};
        int[] predicted = {0, 0, 1, 0, 0};

        var slice = ClassificationMetrics.ofShortTexts(2, gold, predicted, i -> texts[i]);

        assertThat(slice.examples()).isEqualTo(3);
        assertThat(slice.accuracy()).isEqualTo(2.0 / 3);
    }
}
