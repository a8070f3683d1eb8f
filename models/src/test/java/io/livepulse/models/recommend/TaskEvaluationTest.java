package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskEvaluationTest {
    // streamer indices 0..4 with ids "10", "9", "2", "30", "7" (numeric order: 2, 7, 9, 10, 30)
    static final String[] IDS = {"10", "9", "2", "30", "7"};
    static final int[] ALL = {0, 1, 2, 3, 4};

    static RankingTask task(int[] input, int target) {
        boolean repeat = java.util.Arrays.stream(input).anyMatch(s -> s == target);
        return new RankingTask(new EvalInstance(0, input, new int[input.length], target, 100, repeat), ALL);
    }

    static final LiveRoomRanker POPULARITY = new LiveRoomRanker("popularity", null, new RankerParams(0, false));
    static final LiveRoomRanker REPEAT = new LiveRoomRanker("repeat", null, new RankerParams(1, false));

    /** A log whose streamer indices 0..4 have the ids of {@link #IDS}. */
    static ViewingLog log() {
        var b = new ViewingLog.Builder();
        for (String id : IDS) {
            b.add("u", 1, id, 0, 1);
        }
        var log = b.build();
        for (int s = 0; s < IDS.length; s++) {
            assertThat(log.streamerName(s)).isEqualTo(IDS[s]);
        }
        return log;
    }

    static TaskEvaluation eval(double[] pop) {
        return new TaskEvaluation(log(), pop);
    }

    @Test
    void popularityBreaksRemainingTiesTowardsTheSmallerId() {
        double[] pop = {5, 5, 1, 5, 0};
        var eval = eval(pop);
        // 5,5,5 for ids 10, 9, 30: 9 first (as numbers), then 10, then 30; then id 2 (pop 1), then 7 (pop 0)
        assertThat(eval.ranking(POPULARITY, task(new int[] {2}, 0))).containsExactly(1, 0, 3, 2, 4);
        assertThat(eval.rank(POPULARITY, task(new int[] {2}, 3))).isEqualTo(3);
    }

    @Test
    void repeatRanksInputStreamersByCountThenRecencyThenEverythingElseByPopularity() {
        double[] pop = {0, 1, 9, 3, 3};
        var eval = eval(pop);
        // input oldest first: 0 twice, 1 twice (1 more recently), 3 once
        int[] input = {0, 1, 3, 0, 1};
        assertThat(eval.ranking(REPEAT, task(input, 2))).containsExactly(1, 0, 3, 2, 4);
        // 4 and 3 tie on popularity outside the input: ids 7 < 30, so 4 precedes 3
        assertThat(eval.ranking(REPEAT, task(new int[] {0}, 2))).containsExactly(0, 2, 4, 3, 1);
        assertThat(eval.rank(REPEAT, task(input, 2))).isEqualTo(4);
    }

    @Test
    void metricsSplitRepeatAndNewTargets() {
        double[] pop = {4, 3, 2, 1, 0};
        var eval = eval(pop);
        List<RankingTask> tasks = List.of(task(new int[] {3}, 0), task(new int[] {3}, 3), task(new int[] {1}, 4));
        ProtocolMetrics m = eval.evaluate(POPULARITY, tasks, null);
        // ranks: 1 (new), 4 (repeat), 5 (new)
        assertThat(m.all().count()).isEqualTo(3);
        assertThat(m.all().hr1()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(m.all().hr5()).isCloseTo(1.0, within(1e-12));
        assertThat(m.all().mrr()).isCloseTo((1 + 0.25 + 0.2) / 3, within(1e-12));
        assertThat(m.all().ndcg10()).isCloseTo((1 + 1 / log2(5) + 1 / log2(6)) / 3, within(1e-12));
        assertThat(m.repeat().count()).isEqualTo(1);
        assertThat(m.repeat().hr1()).isZero();
        assertThat(m.repeat().mrr()).isEqualTo(0.25);
        assertThat(m.fresh().hr1()).isEqualTo(0.5);
        assertThat(m.repeatShare()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(m.meanCandidates()).isEqualTo(5);
        assertThat(m.asReportMap()).containsOnlyKeys("HR@1", "HR@5", "HR@10", "NDCG@10", "MRR", "repeat", "new");
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
