package io.livepulse.models.recommend;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Ranks each {@link RankingTask}'s own candidates with a {@link LiveScorer} and measures where the target lands.
 * Order: higher score first, then higher training popularity, then the smaller id ("remaining ties go to the
 * smaller id"; ids that are all integers compare as numbers, otherwise as strings). So a scorer that scores
 * everything equal is exactly the {@code popularity} baseline.
 */
public final class TaskEvaluation {
    private final double[] popularity;
    private final int[] idRank;

    /**
     * @param popularity training interactions per streamer index
     * @param idRank position of each streamer index in id order ({@link #idRanks})
     */
    public TaskEvaluation(double[] popularity, int[] idRank) {
        if (popularity.length != idRank.length) {
            throw new IllegalArgumentException("popularity and idRank differ in length: " + popularity.length + " vs "
                    + idRank.length);
        }
        this.popularity = popularity;
        this.idRank = idRank;
    }

    /** The position of each streamer in id order: numeric when every id is an integer, else lexicographic. */
    public static int[] idRanks(String[] ids) {
        boolean numeric = Arrays.stream(ids).allMatch(s -> s.matches("-?\\d+"));
        Comparator<Integer> byId = numeric ? Comparator.comparing((Integer i) -> new BigInteger(ids[i]))
                : Comparator.comparing((Integer i) -> ids[i]);
        Integer[] order = IntStream.range(0, ids.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, byId);
        int[] rank = new int[ids.length];
        for (int p = 0; p < order.length; p++) {
            rank[order[p]] = p;
        }
        return rank;
    }

    /** The 1-based rank of the target among the task's candidates. */
    public int rank(LiveScorer scorer, RankingTask task) {
        int[] c = task.candidates();
        double[] scores = new double[c.length];
        scorer.score(task.instance(), c, scores);
        int t = Arrays.binarySearch(c, task.instance().target());
        if (t < 0) {
            throw new IllegalStateException("target streamer " + task.instance().target() + " is not a candidate at "
                    + task.instance().targetStep());
        }
        int rank = 1;
        for (int i = 0; i < c.length; i++) {
            if (i != t && before(scores[i], c[i], scores[t], c[t])) {
                rank++;
            }
        }
        return rank;
    }

    /** The candidates in ranked order (best first). */
    public int[] ranking(LiveScorer scorer, RankingTask task) {
        int[] c = task.candidates();
        double[] scores = new double[c.length];
        scorer.score(task.instance(), c, scores);
        Integer[] order = IntStream.range(0, c.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> before(scores[a], c[a], scores[b], c[b]) ? -1
                : before(scores[b], c[b], scores[a], c[a]) ? 1 : 0);
        return Arrays.stream(order).mapToInt(i -> c[i]).toArray();
    }

    private boolean before(double s, int c, double st, int ct) {
        if (s != st && !(Double.isNaN(s) && Double.isNaN(st))) {
            return Double.isNaN(st) ? !Double.isNaN(s) : s > st;
        }
        if (popularity[c] != popularity[ct]) {
            return popularity[c] > popularity[ct];
        }
        return idRank[c] < idRank[ct];
    }

    /** Figures of {@code scorer} on {@code tasks}; {@code progress} receives the count done (may be null). */
    public ProtocolMetrics evaluate(LiveScorer scorer, List<RankingTask> tasks, LongConsumer progress) {
        int n = tasks.size();
        int[] ranks = new int[n];
        var done = new AtomicLong();
        IntStream.range(0, n).parallel().forEach(i -> {
            ranks[i] = rank(scorer, tasks.get(i));
            long d = done.incrementAndGet();
            if (progress != null && d % 500 == 0) {
                progress.accept(d);
            }
        });
        int[] repeat = IntStream.range(0, n).filter(i -> tasks.get(i).instance().repeat()).map(i -> ranks[i])
                .toArray();
        int[] fresh = IntStream.range(0, n).filter(i -> !tasks.get(i).instance().repeat()).map(i -> ranks[i])
                .toArray();
        double meanCandidates = tasks.stream().mapToInt(q -> q.candidates().length).average().orElse(0);
        return new ProtocolMetrics(ProtocolMetrics.Group.of(ranks), ProtocolMetrics.Group.of(repeat),
                ProtocolMetrics.Group.of(fresh), n == 0 ? 0 : repeat.length / (double) n, meanCandidates);
    }
}
