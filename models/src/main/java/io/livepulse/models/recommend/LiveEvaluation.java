package io.livepulse.models.recommend;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Ranks every live candidate for each instance with a {@link LiveScorer} and measures where the target lands.
 * Ties are broken by training popularity, then by streamer index, the same for every model, so a model that
 * scores everything equal is exactly the popularity baseline and no model profits from a lucky order.
 */
public final class LiveEvaluation {
    private final Availability availability;
    private final double[] tieBreak;

    public LiveEvaluation(Availability availability, double[] tieBreak) {
        this.availability = availability;
        this.tieBreak = tieBreak;
    }

    /** The 1-based rank of the target among the candidates live at its step. */
    public int rank(LiveScorer scorer, EvalInstance q, double[] scratch) {
        int[] candidates = availability.liveAt(q.targetStep());
        double[] scores = scratch.length >= candidates.length ? scratch : new double[candidates.length];
        scorer.score(q, candidates, scores);
        int t = Arrays.binarySearch(candidates, q.target());
        if (t < 0) {
            throw new IllegalStateException("target streamer " + q.target() + " is not live at step " + q.targetStep());
        }
        return rankOf(candidates, scores, t);
    }

    private int rankOf(int[] candidates, double[] scores, int t) {
        double st = scores[t];
        double pt = tieBreak[candidates[t]];
        int rank = 1;
        for (int i = 0; i < candidates.length; i++) {
            if (i != t && before(scores[i], tieBreak[candidates[i]], candidates[i], st, pt, candidates[t])) {
                rank++;
            }
        }
        return rank;
    }

    private static boolean before(double s, double p, int c, double st, double pt, int ct) {
        if (s != st) {
            return s > st || (Double.isNaN(st) && !Double.isNaN(s));
        }
        if (p != pt) {
            return p > pt;
        }
        return c < ct;
    }

    /** Metrics of {@code scorer} on {@code instances}; {@code progress} receives the count done (may be null). */
    public RankingMetrics evaluate(LiveScorer scorer, List<EvalInstance> instances, LongConsumer progress) {
        long t0 = System.nanoTime();
        int n = instances.size();
        int[] ranks = new int[n];
        var shown = new BitSet();
        var candidatesSeen = new BitSet();
        var done = new AtomicLong();
        var scratch = ThreadLocal.withInitial(() -> new double[1024]);
        IntStream.range(0, n).parallel().forEach(i -> {
            EvalInstance q = instances.get(i);
            int[] candidates = availability.liveAt(q.targetStep());
            double[] scores = scratch.get();
            if (scores.length < candidates.length) {
                scores = new double[candidates.length * 2];
                scratch.set(scores);
            }
            scorer.score(q, candidates, scores);
            int t = Arrays.binarySearch(candidates, q.target());
            if (t < 0) {
                throw new IllegalStateException("target streamer " + q.target() + " is not live at step "
                        + q.targetStep());
            }
            ranks[i] = rankOf(candidates, scores, t);
            int[] top = topTen(candidates, scores);
            synchronized (shown) {
                for (int c : top) {
                    shown.set(c);
                }
                for (int c : candidates) {
                    candidatesSeen.set(c);
                }
            }
            long d = done.incrementAndGet();
            if (progress != null && d % 1000 == 0) {
                progress.accept(d);
            }
        });
        double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        double meanCandidates = instances.stream().mapToInt(q -> availability.liveAt(q.targetStep()).length)
                .average().orElse(0);
        double mrr = 0;
        for (int r : ranks) {
            mrr += 1.0 / r;
        }
        long repeats = instances.stream().filter(EvalInstance::repeat).count();
        return new RankingMetrics(hitRates(instances, ranks, 0), hitRates(instances, ranks, 1),
                hitRates(instances, ranks, 2), n == 0 ? 0 : repeats / (double) n, n == 0 ? 0 : mrr / n,
                candidatesSeen.isEmpty() ? 0 : shown.cardinality() / (double) candidatesSeen.cardinality(),
                meanCandidates, n / seconds);
    }

    private int[] topTen(int[] candidates, double[] scores) {
        int k = Math.min(10, candidates.length);
        int[] top = new int[k];
        int filled = 0;
        for (int i = 0; i < candidates.length; i++) {
            int pos = filled;
            while (pos > 0 && before(scores[i], tieBreak[candidates[i]], candidates[i], scores[top[pos - 1]],
                    tieBreak[candidates[top[pos - 1]]], candidates[top[pos - 1]])) {
                pos--;
            }
            if (pos < k) {
                int end = Math.min(filled, k - 1);
                System.arraycopy(top, pos, top, pos + 1, end - pos);
                top[pos] = i;
                filled = Math.min(filled + 1, k);
            }
        }
        int[] out = new int[filled];
        for (int i = 0; i < filled; i++) {
            out[i] = candidates[top[i]];
        }
        return out;
    }

    /** which: 0 all, 1 repeat targets, 2 new targets. */
    private static RankingMetrics.HitRates hitRates(List<EvalInstance> instances, int[] ranks, int which) {
        long count = 0;
        double h1 = 0;
        double h5 = 0;
        double h10 = 0;
        double n5 = 0;
        double n10 = 0;
        for (int i = 0; i < ranks.length; i++) {
            boolean repeat = instances.get(i).repeat();
            if ((which == 1 && !repeat) || (which == 2 && repeat)) {
                continue;
            }
            count++;
            int r = ranks[i];
            double gain = 1.0 / (Math.log(r + 1) / Math.log(2));
            if (r <= 1) {
                h1++;
            }
            if (r <= 5) {
                h5++;
                n5 += gain;
            }
            if (r <= 10) {
                h10++;
                n10 += gain;
            }
        }
        if (count == 0) {
            return new RankingMetrics.HitRates(0, 0, 0, 0, 0, 0, 0);
        }
        // With one relevant item, NDCG@1 equals HR@1.
        return new RankingMetrics.HitRates(count, h1 / count, h5 / count, h10 / count, h1 / count, n5 / count,
                n10 / count);
    }
}
