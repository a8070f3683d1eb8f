package io.livepulse.models.recommend;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Ranks each {@link RankingTask}'s own candidates with the served {@link LiveRoomRanker} and measures where the
 * target lands. The ranker's order: higher score first, then higher training popularity, then the smaller id
 * (numerically for numeric ids): "remaining ties go to the smaller id". So the model-free ranker with repeat weight
 * 0 is exactly the {@code popularity} baseline, and with weight 1 exactly {@code repeat} (the user's input
 * streamers by how often they occur, then the most recent first).
 */
public final class TaskEvaluation {
    private final ViewingLog log;
    private final double[] popularity;
    private final CandidateWindow window;
    private final long timeUnitMs;

    /** @param popularity training interactions per streamer index */
    public TaskEvaluation(ViewingLog log, double[] popularity) {
        this(log, popularity, null, 0);
    }

    /**
     * With the candidates' stream age ({@link LiveCandidate#liveForMs}) from {@link CandidateWindow#liveFor}.
     *
     * @param window the availability the tasks' candidates come from, or null to leave stream ages unknown
     * @param timeUnitMs milliseconds per unit of the log's time
     */
    public TaskEvaluation(ViewingLog log, double[] popularity, CandidateWindow window, long timeUnitMs) {
        if (popularity.length != log.streamers()) {
            throw new IllegalArgumentException("popularity has " + popularity.length + " entries for "
                    + log.streamers() + " streamers");
        }
        this.log = log;
        this.popularity = popularity;
        this.window = window;
        this.timeUnitMs = timeUnitMs;
    }

    /** The ranking request of a task, as serving would build it (the logs have no room texts). */
    public LiveRoomRanker.Query query(RankingTask task) {
        long[] liveForMs = null;
        if (window != null) {
            int[] c = task.candidates();
            liveForMs = new long[c.length];
            for (int i = 0; i < c.length; i++) {
                int units = window.liveFor(c[i], task.instance().targetStep());
                liveForMs[i] = units < 0 ? LiveCandidate.UNKNOWN_AGE : units * timeUnitMs;
            }
        }
        return LiveEvaluation.query(log, task.instance(), task.candidates(), liveForMs, popularity, null, s -> null);
    }

    /** The 1-based rank of the target among the task's candidates. */
    public int rank(LiveRoomRanker ranker, RankingTask task) {
        int p = ranker.score(query(task)).positionOf(log.streamerName(task.instance().target()));
        if (p < 0) {
            throw new IllegalStateException("target streamer " + task.instance().target() + " is not a candidate at "
                    + task.instance().targetStep());
        }
        return p;
    }

    /** The candidates' streamer indices in ranked order (best first). */
    public int[] ranking(LiveRoomRanker ranker, RankingTask task) {
        var index = new java.util.HashMap<String, Integer>();
        for (int c : task.candidates()) {
            index.put(log.streamerName(c), c);
        }
        return ranker.rank(query(task), task.candidates().length).stream()
                .mapToInt(r -> index.get(r.streamerId())).toArray();
    }

    /** Figures of {@code scorer} on {@code tasks}; {@code progress} receives the count done (may be null). */
    public ProtocolMetrics evaluate(LiveRoomRanker scorer, List<RankingTask> tasks, LongConsumer progress) {
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
