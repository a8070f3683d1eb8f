package io.livepulse.training.recommend;

import io.livepulse.models.recommend.EvalInstance;
import io.livepulse.models.recommend.LiveEvaluation;
import io.livepulse.models.recommend.LiveRoomRanker;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.recommend.ViewingLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ALS hyper-parameter tuning on the validation period only: a coordinate search (alpha, then regularisation, then
 * rank, then sweeps), each candidate trained on the training feedback of a seeded sample of the validation users
 * and scored by validation HR@1 on those users, the protocol's selection criterion. Test data is never read.
 */
final class AlsSweep {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    // Around the defaults the 20k-user sweep of the taste-community log chose (alpha 10 beat 0.1, 0.3 and 1 there);
    // rank 128 is left out: at full scale its fits alone would pass the 30-minute budget on 2 cores.
    static final double[] ALPHAS = {3, 10, 30};
    static final double[] REGS = {0.03, 0.1, 0.3};
    static final int[] RANKS = {32, 64};
    static final int[] ITERATIONS = {5, 10};

    /**
     * What the sweep found.
     *
     * @param best the parameters with the highest validation HR@1 (the first tried wins ties)
     * @param lines one line per candidate: parameters, validation HR@1, fit seconds
     */
    record Result(AlsParams best, List<String> lines) {}

    private AlsSweep() {}

    /** The seeded sample of at most {@code max} users among those with a validation instance. */
    static Set<Integer> sampleUsers(List<EvalInstance> validation, int max) {
        var users = new ArrayList<Integer>();
        for (EvalInstance q : validation) {
            users.add(q.user());
        }
        Collections.shuffle(users, new Random(13L));
        return new HashSet<>(users.subList(0, Math.min(max, users.size())));
    }

    static Result run(SparkSession spark, ViewingLog log, List<Feedback> feedback, LiveEvaluation evaluation,
            List<EvalInstance> validation, AlsParams start, int users) {
        Set<Integer> sample = sampleUsers(validation, users);
        List<Feedback> sampleFeedback = feedback.stream().filter(f -> sample.contains(f.user())).toList();
        List<EvalInstance> sampleValidation = validation.stream().filter(q -> sample.contains(q.user())).toList();
        CONSOLE.info("recommender: ALS tuning on validation: {} users, {} feedback pairs, {} instances", sample.size(),
                sampleFeedback.size(), sampleValidation.size());
        var tried = new LinkedHashMap<AlsParams, Double>();
        var lines = new ArrayList<String>();
        int planned = ALPHAS.length + REGS.length + RANKS.length + ITERATIONS.length;
        long t0 = System.nanoTime();
        List<List<UnaryOperator<AlsParams>>> axes = List.of(
                Arrays.stream(ALPHAS).<UnaryOperator<AlsParams>>mapToObj(
                        a -> p -> p.with(p.rank(), a, p.regParam(), p.iterations())).toList(),
                Arrays.stream(REGS).<UnaryOperator<AlsParams>>mapToObj(
                        r -> p -> p.with(p.rank(), p.alpha(), r, p.iterations())).toList(),
                Arrays.stream(RANKS).<UnaryOperator<AlsParams>>mapToObj(
                        k -> p -> p.with(k, p.alpha(), p.regParam(), p.iterations())).toList(),
                Arrays.stream(ITERATIONS).<UnaryOperator<AlsParams>>mapToObj(
                        n -> p -> p.with(p.rank(), p.alpha(), p.regParam(), n)).toList());
        AlsParams best = start;
        int step = 0;
        for (var axis : axes) {
            AlsParams axisBase = best;
            for (var change : axis) {
                step++;
                AlsParams p = change.apply(axisBase);
                if (!tried.containsKey(p)) {
                    long f0 = System.nanoTime();
                    var factors = AlsTraining.factors(AlsTraining.recommender(p).fit(AlsTraining.feedback(spark,
                            sampleFeedback, p.weighting())), log);
                    double hr1 = evaluation.evaluate(new LiveRoomRanker("als-tuning", factors, new RankerParams(0, false)), sampleValidation,
                            null).all()
                            .hr1();
                    tried.put(p, hr1);
                    String line = String.format(Locale.ROOT, "rank %d alpha %s reg %s iterations %d: validation HR@1"
                            + " %.4f (%.0f s)", p.rank(), p.alpha(), p.regParam(), p.iterations(), hr1,
                            (System.nanoTime() - f0) / 1e9);
                    lines.add(line);
                    double perStep = (System.nanoTime() - t0) / 1e9 / step;
                    CONSOLE.info("recommender: tuning {}/{} {}; ETA at most {}s", step, planned, line,
                            Math.round(perStep * (planned - step)));
                }
                if (tried.get(p) > tried.getOrDefault(best, -1.0)) {
                    best = p;
                }
            }
        }
        CONSOLE.info("recommender: tuned ALS: rank {} alpha {} reg {} iterations {} (validation HR@1 {})", best.rank(),
                best.alpha(), best.regParam(), best.iterations(), String.format(Locale.ROOT, "%.4f", tried.get(best)));
        return new Result(best, List.copyOf(lines));
    }
}
