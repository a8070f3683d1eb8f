package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class RealLogProtocolTest {
    /** Adds {@code user,streamer,start} rows (no stop: one step each, as the real-log loaders store them). */
    static ViewingLog log(String... rows) {
        var b = new ViewingLog.Builder();
        for (String row : rows) {
            String[] f = row.split(",");
            int t = Integer.parseInt(f[2]);
            b.add(f[0], PublishedLog.NO_STREAM, f[1], t, t + 1);
        }
        return b.build();
    }

    static RealLogProtocol protocol(ViewingLog log, int validationStart, int testStart, int end, boolean history) {
        return new RealLogProtocol("t", "t", validationStart, testStart, end, history,
                CandidateWindow.ofStarts(log, 3));
    }

    static List<String> names(ViewingLog log, int[] streamers) {
        return java.util.Arrays.stream(streamers).mapToObj(log::streamerName).toList();
    }

    static String name(ViewingLog log, int streamer) {
        return log.streamerName(streamer);
    }

    @Test
    void oneInstancePerUserAndSplitTheFirstTargetInTheWindowWithAnEarlierInteraction() {
        ViewingLog log = log(
                "u1,a,1", "u1,b,2", "u1,a,11", "u1,c,12", "u1,b,21", // validation [10,20): a@11; test [20,30): b@21
                "u2,c,15", "u2,a,16", // u2's first ever interaction is in validation: its second is the target
                "u3,a,15", "u3,b,15", // both at the same step: neither has a strictly earlier one, no instance
                "u4,c,25"); // nothing earlier: no instance
        var p = protocol(log, 10, 20, 30, true);
        List<RankingTask> validation = p.tasks(log, LiveSplit.Period.VALIDATION);
        assertThat(validation).extracting(t -> log.userId(t.instance().user()), t -> name(log, t.instance().target()),
                t -> t.instance().targetStep(), t -> t.instance().repeat())
                .containsExactly(tuple("u1", "a", 11, true), tuple("u2", "a", 16, false));
        List<RankingTask> test = p.tasks(log, LiveSplit.Period.TEST);
        assertThat(test).extracting(t -> log.userId(t.instance().user()), t -> name(log, t.instance().target()))
                .containsExactly(tuple("u1", "b"));
        // the test input holds the validation-window interactions too, oldest first
        assertThat(names(log, test.get(0).instance().input())).containsExactly("a", "b", "a", "c");
        assertThat(test.get(0).instance().inputSteps()).containsExactly(1, 2, 11, 12);
    }

    @Test
    void withoutTheHistoryRuleTheFirstEntryIsTheTargetEvenWithAnEmptyInput() {
        ViewingLog log = log("u1,a,15", "u1,b,16", "u2,a,5", "u2,a,12");
        var tasks = protocol(log, 10, 20, 30, false).tasks(log, LiveSplit.Period.VALIDATION);
        assertThat(tasks).extracting(t -> log.userId(t.instance().user()), t -> t.instance().input().length,
                t -> t.instance().repeat()).containsExactly(tuple("u1", 0, false), tuple("u2", 1, true));
    }

    @Test
    void inputIsTheLastSixteenInteractionsThatStartStrictlyEarlier() {
        String[] rows = new String[22];
        for (int i = 0; i < 20; i++) {
            rows[i] = "u1,s" + i + "," + i;
        }
        rows[20] = "u1,x,25"; // same step as the target: not input
        rows[21] = "u1,s0,25";
        ViewingLog log = log(rows);
        var tasks = protocol(log, 25, 30, 40, true).tasks(log, LiveSplit.Period.VALIDATION);
        assertThat(tasks).hasSize(1);
        EvalInstance q = tasks.get(0).instance();
        assertThat(names(log, q.input())).containsExactly("s4", "s5", "s6", "s7", "s8", "s9",
                "s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19");
        assertThat(name(log, q.target())).isEqualTo("x"); // file order among equal steps
        assertThat(q.repeat()).isFalse();
    }

    @Test
    void candidatesAreTheStreamersWithAStartWithinThreeSteps() {
        ViewingLog log = log("u1,a,0", "u1,b,10", "u2,c,13", "u2,d,14", "u3,e,7", "u3,f,6", "u4,g,20");
        var p = protocol(log, 5, 12, 30, true);
        var tasks = p.tasks(log, LiveSplit.Period.VALIDATION); // u1's b@10, u3's e@7 (f@6 is earlier)
        assertThat(tasks).extracting(t -> log.userId(t.instance().user()),
                t -> java.util.Arrays.stream(t.candidates()).mapToObj(s -> name(log, s)).sorted().toList())
                .containsExactly(tuple("u1", List.of("b", "c", "e")), tuple("u3", List.of("b", "e", "f")));
        assertThat(names(log, p.candidates().at(17))).containsExactlyInAnyOrder("d", "g");
        assertThat(p.candidates().at(100)).isEmpty();
    }

    @Test
    void popularityCountsOnlyInteractionsBeforeTheValidationWindow() {
        ViewingLog log = log("u1,a,1", "u2,a,2", "u1,b,3", "u1,b,10", "u1,b,11", "u2,b,25");
        double[] pop = protocol(log, 10, 20, 30, true).trainingPopularity(log);
        assertThat(pop[indexOf(log, "a")]).isEqualTo(2);
        assertThat(pop[indexOf(log, "b")]).isEqualTo(1);
    }

    static int indexOf(ViewingLog log, String name) {
        for (int s = 0; s < log.streamers(); s++) {
            if (log.streamerName(s).equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name);
    }
}
