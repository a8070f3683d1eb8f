package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiveEvaluationTest {
    /** A log of 1000 steps: validation from 500, test from 750. Streamer "pop" is live all the time. */
    static ViewingLog log() {
        var b = new ViewingLog.Builder();
        // many training viewers make "pop" popular
        for (int u = 0; u < 5; u++) {
            b.add("fan" + u, 1, "pop", 10 + u, 990);
        }
        b.add("clock", 1, "pop", 995, 1000); // sets maxStep = 1000; a single interaction makes no instance
        // user a: watches "a1" repeatedly, target in the test period is a1 again (repeat)
        b.add("a", 2, "a1", 100, 110);
        b.add("a", 3, "a1", 200, 210);
        b.add("a", 4, "b1", 300, 310);
        b.add("a", 5, "a1", 800, 820); // test target
        // user c: target in validation period on a new streamer "late", only live 600..650
        b.add("c", 6, "b1", 400, 420);
        b.add("c", 7, "late", 600, 650); // validation target
        // user d: only one interaction, in the test period: no instance
        b.add("d", 8, "b1", 800, 801);
        return b.build();
    }

    @Test
    void splitFollowsTheLiveRecOffsets() {
        var log = log();
        var split = LiveSplit.of(log);
        assertThat(split).isEqualTo(new LiveSplit(1000, 500, 750));
        var test = split.instances(log, LiveSplit.Period.TEST);
        assertThat(test).hasSize(1);
        var q = test.get(0);
        assertThat(log.userId(q.user())).isEqualTo("a");
        assertThat(q.input()).hasSize(3);
        assertThat(log.streamerName(q.target())).isEqualTo("a1");
        assertThat(q.targetStep()).isEqualTo(800);
        assertThat(q.repeat()).isTrue();
        var validation = split.instances(log, LiveSplit.Period.VALIDATION);
        assertThat(validation).hasSize(1);
        assertThat(validation.get(0).repeat()).isFalse();
        assertThat(validation.get(0).targetStep()).isEqualTo(600);
    }

    @Test
    void trainingNeverSeesTimeAfterTheCut() {
        var log = log();
        var split = LiveSplit.of(log);
        int pop = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.streamerName(log.streamer(i)).equals("pop") && log.start(i) == 10) {
                pop = i;
            }
        }
        assertThat(split.isTraining(log, pop)).isTrue();
        assertThat(split.trainingSteps(log, pop)).isEqualTo(490);
    }

    @Test
    void candidatesAreTheStreamersLiveAtTheTargetStep() {
        var log = log();
        var availability = Availability.of(log, 500, 1000);
        assertThat(names(log, availability.liveAt(800))).containsExactlyInAnyOrder("pop", "a1", "b1");
        assertThat(names(log, availability.liveAt(600))).containsExactlyInAnyOrder("pop", "late");
        // the stop step is exclusive: d's b1 interval [800, 801) is over at 801
        assertThat(names(log, availability.liveAt(801))).containsExactlyInAnyOrder("pop", "a1");
    }

    @Test
    void repeatBeatsPopularityOnARepeatTargetAndMetricsFollowTheRank() {
        var log = log();
        var split = LiveSplit.of(log);
        var test = split.instances(log, LiveSplit.Period.TEST);
        double[] pop = split.trainingPopularity(log);
        var eval = new LiveEvaluation(log, Availability.of(log, split.validationStart(), split.maxStep()), pop, null);
        // live at 800: pop (5 training interactions), a1 (2), b1 (2: a, c); target a1
        RankingMetrics byPop = eval.evaluate(new LiveRoomRanker("popularity", null, new RankerParams(0, false)), test,
                null);
        assertThat(byPop.all().hr1()).isZero();
        assertThat(byPop.all().hr5()).isEqualTo(1.0);
        assertThat(byPop.mrr()).isCloseTo(0.5, within(1e-9)); // rank 2: a1 beats b1 on the id tie-break
        assertThat(byPop.all().ndcg5()).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-9));
        assertThat(byPop.repeatShare()).isEqualTo(1.0);
        assertThat(byPop.fresh().count()).isZero();
        RankingMetrics byRepeat = eval.evaluate(new LiveRoomRanker("repeat", null, new RankerParams(1, false)), test,
                null);
        assertThat(byRepeat.all().hr1()).isEqualTo(1.0);
        assertThat(byRepeat.repeat().hr1()).isEqualTo(1.0);
        assertThat(byRepeat.mrr()).isEqualTo(1.0);
    }

    @Test
    void rankIsPessimisticNeverLuckyOnTies() {
        var log = log();
        var split = LiveSplit.of(log);
        var q = split.instances(log, LiveSplit.Period.TEST).get(0);
        var eval = new LiveEvaluation(log, Availability.of(log, 500, 1000), new double[log.streamers()], null);
        StreamerModel constant = (user, history, streamers, scores) -> {
            java.util.Arrays.fill(scores, 0, streamers.length, 1.0);
            return true;
        };
        // all tied and no popularity: order by streamer id: a1 < b1 < pop
        assertThat(eval.rank(new LiveRoomRanker("constant", constant, new RankerParams(0, false)), q)).isEqualTo(1);
        // a user's query is what serving would send: their streamers with visits and times, every live streamer
        var query = eval.query(q);
        assertThat(query.userId()).isEqualTo("a");
        assertThat(query.history()).containsExactly(
                new WatchedStreamer("a1", 2, 0, LiveEvaluation.timeMs(200) + 1),
                new WatchedStreamer("b1", 1, 0, LiveEvaluation.timeMs(300) + 2));
        assertThat(query.candidates()).extracting(LiveCandidate::streamerId)
                .containsExactlyInAnyOrder("pop", "a1", "b1");
    }

    static List<String> names(ViewingLog log, int[] streamers) {
        return java.util.Arrays.stream(streamers).mapToObj(log::streamerName).toList();
    }
}
