package io.livepulse.benchmarks;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.LiveCandidate;
import io.livepulse.models.recommend.LiveRoomRanker;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.recommend.WatchedStreamer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Users ranked per second by the served {@link LiveRoomRanker} against the baseline of plain ALS on the same
 * candidates (dot products and a top-10 selection, nothing else). Goal: the ranker keeps at least half of the
 * baseline's rate. {@code main} runs both and prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RankerBenchmark {
    static final int QUERIES = 256;
    static final int RANK = 64;

    /** Live rooms per query (LiveRec's log: about 87 to 800 streamers live at once). */
    @Param({"300"})
    int live;

    /** The served ranker's configuration: ALS alone, ALS + repeat, ALS + repeat with content cold start. */
    @Param({"als", "blend", "blend-content"})
    String ranker;

    AlsFactors factors;
    LiveRoomRanker served;
    LiveRoomRanker.Query[] queries;
    String[][] streamers;

    @Setup
    public void setUp() {
        var random = new Random(42);
        int users = 20_000;
        int items = 5_000;
        float[] uf = new float[users * RANK];
        float[] itf = new float[items * RANK];
        for (int i = 0; i < uf.length; i++) {
            uf[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < itf.length; i++) {
            itf[i] = (float) random.nextGaussian();
        }
        String[] userIds = new String[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = "u" + u;
        }
        String[] itemIds = new String[items];
        String[] texts = new String[items];
        String[] words = {"games", "chat", "music", "art", "cooking", "speedrun", "retro", "fps", "mmo", "zh", "en",
            "irl", "talk", "asmr", "dance"};
        for (int s = 0; s < items; s++) {
            itemIds[s] = String.valueOf(s);
            texts[s] = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " stream "
                    + s;
        }
        factors = new AlsFactors(RANK, userIds, uf, itemIds, itf);
        served = new LiveRoomRanker(ranker, factors, switch (ranker) {
            case "als" -> new RankerParams(0, false);
            case "blend" -> new RankerParams(3, false);
            default -> new RankerParams(3, true);
        });
        queries = new LiveRoomRanker.Query[QUERIES];
        streamers = new String[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            var candidates = new ArrayList<LiveCandidate>(live);
            String[] ids = new String[live];
            for (int i = 0; i < live; i++) {
                int s = random.nextInt(items);
                ids[i] = itemIds[s];
                candidates.add(new LiveCandidate("room-" + s, itemIds[s], texts[s], random.nextInt(1000)));
            }
            var history = new ArrayList<WatchedStreamer>();
            for (int h = 0; h < 16; h++) {
                history.add(new WatchedStreamer(ids[random.nextInt(live)], 1 + random.nextInt(3), 60_000, h));
            }
            // half the users are unknown to the model: fold-in (and content, where it is on)
            String user = q % 2 == 0 ? userIds[random.nextInt(users)] : "new-" + q;
            queries[q] = new LiveRoomRanker.Query(user, List.copyOf(merge(history)), candidates,
                    s -> texts[Integer.parseInt(s)]);
            streamers[q] = ids;
        }
    }

    private static List<WatchedStreamer> merge(List<WatchedStreamer> history) {
        var byId = new java.util.LinkedHashMap<String, WatchedStreamer>();
        history.forEach(w -> byId.merge(w.streamerId(), w, WatchedStreamer::plus));
        return new ArrayList<>(byId.values());
    }

    /** Baseline: ALS scores of the same candidates and the indices of the best 10, nothing else. */
    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public void plainAls(Blackhole bh) {
        double[] scores = new double[live];
        int[] top = new int[10];
        for (int q = 0; q < QUERIES; q++) {
            factors.score(queries[q].userId(), queries[q].history(), streamers[q], scores);
            topTen(scores, top);
            bh.consume(top);
        }
    }

    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public void servedRanker(Blackhole bh) {
        for (int q = 0; q < QUERIES; q++) {
            bh.consume(served.rank(queries[q], 10));
        }
    }

    private static void topTen(double[] scores, int[] top) {
        int filled = 0;
        for (int i = 0; i < scores.length; i++) {
            int pos = filled;
            while (pos > 0 && scores[i] > scores[top[pos - 1]]) {
                pos--;
            }
            if (pos < top.length) {
                int end = Math.min(filled, top.length - 1);
                System.arraycopy(top, pos, top, pos + 1, end - pos);
                top[pos] = i;
                filled = Math.min(filled + 1, top.length);
            }
        }
    }

    /** Runs both and prints users/s and the ratio per ranker configuration. */
    public static void main(String[] args) throws RunnerException {
        var results = new Runner(new OptionsBuilder().include(RankerBenchmark.class.getSimpleName()).build()).run();
        double baseline = 0;
        var byRanker = new java.util.TreeMap<String, Double>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (method.endsWith("plainAls")) {
                baseline = Math.max(baseline, score);
            } else {
                byRanker.put(r.getParams().getParam("ranker"), score);
            }
        }
        System.out.printf("plain ALS (baseline): %.0f users/s%n", baseline);
        for (var e : byRanker.entrySet()) {
            System.out.printf("ranker %-14s %.0f users/s, ratio to plain ALS %.2f (goal >= 0.50)%n", e.getKey(),
                    e.getValue(), e.getValue() / baseline);
        }
    }
}
