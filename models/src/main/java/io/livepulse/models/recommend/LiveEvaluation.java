package io.livepulse.models.recommend;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Measures a {@link LiveRoomRanker} on evaluation instances: each instance becomes the query serving would send
 * for that user at that time ({@link #query}: their recent streamers, every streamer live then, with its training
 * popularity and text), the ranker ranks all candidates, and the metrics record where the target landed. The
 * ranker is the served one, so the figures describe what is served.
 */
public final class LiveEvaluation {
    private final ViewingLog log;
    private final Availability availability;
    private final double[] popularity;
    private final String[] texts;
    private final Map<String, Integer> streamerIndex = new HashMap<>();

    /**
     * @param popularity training interactions per streamer index (ties and the popularity fill)
     * @param texts room text per streamer index, or null when the log has none
     */
    public LiveEvaluation(ViewingLog log, Availability availability, double[] popularity, String[] texts) {
        this.log = log;
        this.availability = availability;
        this.popularity = popularity;
        this.texts = texts;
        for (int s = 0; s < log.streamers(); s++) {
            streamerIndex.put(log.streamerName(s), s);
        }
    }

    /** The ranking request of an instance: the user's recent streamers and every streamer live at the target. */
    public LiveRoomRanker.Query query(EvalInstance q) {
        return query(log, q, availability.liveAt(q.targetStep()), popularity, texts, this::textOf);
    }

    /**
     * The query of an instance with the given candidates: the user's input as a history (visits per streamer, the
     * time of the latest; interactions at the same step ordered as in the input), every candidate a room named
     * after its streamer with its training popularity and text.
     */
    static LiveRoomRanker.Query query(ViewingLog log, EvalInstance q, int[] candidateStreamers, double[] popularity,
            String[] texts, java.util.function.Function<String, String> textOf) {
        return query(log, q, candidateStreamers, null, popularity, texts, textOf);
    }

    /** {@link #query} with each candidate's stream age ({@code liveForMs[i]}; null: unknown). */
    static LiveRoomRanker.Query query(ViewingLog log, EvalInstance q, int[] candidateStreamers, long[] liveForMs,
            double[] popularity, String[] texts, java.util.function.Function<String, String> textOf) {
        int[] input = q.input();
        String[] names = new String[input.length];
        long[] times = new long[input.length];
        for (int i = 0; i < input.length; i++) {
            names[i] = log.streamerName(input[i]);
            times[i] = timeMs(q.inputSteps()[i]) + i;
        }
        var candidates = new ArrayList<LiveCandidate>(candidateStreamers.length);
        for (int i = 0; i < candidateStreamers.length; i++) {
            int c = candidateStreamers[i];
            String name = log.streamerName(c);
            candidates.add(new LiveCandidate(name, name, texts == null ? null : texts[c], popularity[c],
                    liveForMs == null ? LiveCandidate.UNKNOWN_AGE : liveForMs[i]));
        }
        return new LiveRoomRanker.Query(log.userId(q.user()), WatchedStreamer.of(names, times, null), candidates,
                textOf);
    }

    /**
     * The ranker's clock for a log step: ms since step 0 (steps of {@link ViewingLog#STEP_MINUTES}); the input's
     * position is added in ms so that interactions of one step keep their order.
     */
    public static long timeMs(int step) {
        return step * ViewingLog.STEP_MINUTES * 60_000L;
    }

    private String textOf(String streamer) {
        Integer s = streamerIndex.get(streamer);
        return texts == null || s == null ? null : texts[s];
    }

    /** The 1-based rank of the target among the candidates live at its step. */
    public int rank(LiveRoomRanker ranker, EvalInstance q) {
        return position(ranker.score(query(q)), q);
    }

    private int position(LiveRoomRanker.Scored scored, EvalInstance q) {
        int p = scored.positionOf(log.streamerName(q.target()));
        if (p < 0) {
            throw new IllegalStateException("target streamer " + q.target() + " is not live at step " + q.targetStep());
        }
        return p;
    }

    /** Metrics of {@code ranker} on {@code instances}; {@code progress} receives the count done (may be null). */
    public RankingMetrics evaluate(LiveRoomRanker ranker, List<EvalInstance> instances, LongConsumer progress) {
        long t0 = System.nanoTime();
        int n = instances.size();
        int[] ranks = new int[n];
        var shown = new BitSet();
        var candidatesSeen = new BitSet();
        var done = new AtomicLong();
        IntStream.range(0, n).parallel().forEach(i -> {
            EvalInstance q = instances.get(i);
            var scored = ranker.score(query(q));
            ranks[i] = position(scored, q);
            var top = scored.top(10);
            synchronized (shown) {
                top.forEach(r -> shown.set(streamerIndex.get(r.streamerId())));
                for (int c : availability.liveAt(q.targetStep())) {
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
