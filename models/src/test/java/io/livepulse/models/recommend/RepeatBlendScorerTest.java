package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepeatBlendScorerTest {
    /** Streamer 1 was watched twice recently, streamer 2 once; the base model prefers 3, then 2, and has no 4. */
    static final EvalInstance QUERY = new EvalInstance(0, new int[] {1, 2, 1}, new int[] {10, 11, 12}, 3, 13, false);
    static final int[] CANDIDATES = {1, 2, 3, 4};
    static final LiveScorer BASE = new LiveScorer() {
        @Override
        public String name() {
            return "base";
        }

        @Override
        public void score(EvalInstance q, int[] candidates, double[] scores) {
            double[] byStreamer = {0, 0.1, 0.5, 0.9, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < candidates.length; i++) {
                scores[i] = byStreamer[candidates[i]];
            }
        }
    };

    @Test
    void weightZeroIsTheBaseModelWithUnscorableCandidatesAtZero() {
        double[] scores = new double[4];
        new RepeatBlendScorer("b", BASE, 0).score(QUERY, CANDIDATES, scores);
        assertThat(scores).containsExactly(0.1, 0.5, 0.9, 0.0);
    }

    @Test
    void aLargeWeightRanksRecentStreamersFirstByHowOftenTheyWereWatched() {
        double[] scores = new double[4];
        new RepeatBlendScorer("b", BASE, 10).score(QUERY, CANDIDATES, scores);
        assertThat(scores[0]).isGreaterThan(scores[1]);
        assertThat(scores[1]).isGreaterThan(scores[2]);
        assertThat(scores[2]).isGreaterThan(scores[3]);
    }

    @Test
    void aSmallWeightLetsTheBaseModelOverruleASingleRepeat() {
        double[] scores = new double[4];
        new RepeatBlendScorer("b", BASE, 0.1).score(QUERY, CANDIDATES, scores);
        assertThat(scores[2]).isGreaterThan(scores[1]);
        assertThat(scores[1]).isGreaterThan(scores[0]);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesABadWeight(double weight) {
        assertThatThrownBy(() -> new RepeatBlendScorer("b", BASE, weight))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeatWeight");
    }
}
