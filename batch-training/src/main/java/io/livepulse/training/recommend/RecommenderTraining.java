package io.livepulse.training.recommend;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.Availability;
import io.livepulse.models.recommend.ContentScorer;
import io.livepulse.models.recommend.EvalInstance;
import io.livepulse.models.recommend.LiveEvaluation;
import io.livepulse.models.recommend.LiveScorer;
import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.recommend.PopularityScorer;
import io.livepulse.models.recommend.RankingMetrics;
import io.livepulse.models.recommend.RepeatBlendScorer;
import io.livepulse.models.recommend.RepeatScorer;
import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains and evaluates every recommender on one viewing log under the live-availability protocol: the two
 * baselines, the content model (when streamer texts are known), ALS with each weighting (the best on validation
 * HR@1 is kept), and the neural model; then writes the registry entries, each with the evaluation report.
 */
final class RecommenderTraining {
    static final String ALS_NAME = "recommender-als";
    static final String NEURAL_NAME = "recommender-neural";
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    /**
     * What to train on and how.
     *
     * @param source description of the log for reports (path, or "simulated ...")
     * @param texts streamer texts by log index, or empty when the log has none
     */
    record Job(ViewingLog log, String source, Optional<String[]> texts, List<AlsParams> als, NeuralParams neural,
            int maxValidationUsers, int tuneUsers) {}

    /** Repeat weights tried for the ALS + repeat blend; 0 (ALS alone) is the selected ALS row itself. */
    static final double[] REPEAT_WEIGHTS = {0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100};

    /** A seeded sample of at most {@code max} instances, in user order (validation only selects models). */
    static List<EvalInstance> sample(List<EvalInstance> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        var shuffled = new ArrayList<>(all);
        java.util.Collections.shuffle(shuffled, new java.util.Random(11L));
        var kept = new ArrayList<>(shuffled.subList(0, max));
        kept.sort(Comparator.comparingInt(EvalInstance::user));
        return kept;
    }

    /** Everything a run produced. */
    record Outcome(List<ModelResult> results, String selectedAls, LiveSplit split, Map<String, Object> data,
            ModelRegistry.VerifiedModel als, ModelRegistry.VerifiedModel neural, Path report) {}

    private final SparkSession spark;
    private final ModelRegistry registry;

    RecommenderTraining(SparkSession spark, ModelRegistry registry) {
        this.spark = spark;
        this.registry = registry;
    }

    Outcome run(Job job) throws IOException {
        ViewingLog log = job.log();
        LiveSplit split = LiveSplit.of(log);
        List<EvalInstance> validation = sample(split.instances(log, LiveSplit.Period.VALIDATION), job.maxValidationUsers());
        List<EvalInstance> test = split.instances(log, LiveSplit.Period.TEST);
        double[] popularity = PopularityScorer.trainingPopularity(log, split);
        var evaluation = new LiveEvaluation(Availability.of(log, split.validationStart(), split.maxStep()), popularity);
        var data = dataRange(job, split, validation.size(), test.size());
        CONSOLE.info("recommender: {} interactions, {} users, {} streamers, {} steps; train < {}, validation {} users,"
                + " test {} users", log.size(), log.users(), log.streamers(), split.maxStep(), split.validationStart(),
                validation.size(), test.size());

        var results = new ArrayList<ModelResult>();
        results.add(evaluate(evaluation, new PopularityScorer(popularity), Map.of(), validation, test, 0, 0));
        results.add(evaluate(evaluation, new RepeatScorer(), Map.of(), validation, test, 0, 0));
        job.texts().ifPresent(texts -> results.add(evaluate(evaluation, ContentScorer.build(texts),
                Map.of("method", "tf-idf cosine, profile = sum of the input streamers' vectors"), validation, test, 0,
                0)));

        List<Feedback> feedback = Feedback.of(log, split);
        CONSOLE.info("recommender: {} (user, streamer) feedback pairs from training interactions", feedback.size());
        List<AlsParams> alsParams = job.als();
        List<String> sweep = List.of();
        if (job.tuneUsers() > 0 && !alsParams.isEmpty()) {
            var tuning = AlsSweep.run(spark, log, feedback, evaluation, validation, alsParams.get(0), job.tuneUsers());
            sweep = tuning.lines();
            AlsParams best = tuning.best();
            alsParams = alsParams.stream().map(p -> p.with(best.rank(), best.alpha(), best.regParam(),
                    best.iterations())).toList();
        }
        AlsFactors bestFactors = null;
        ModelResult bestAls = null;
        for (AlsParams p : alsParams) {
            Feedback.Weighting weighting = p.weighting();
            CONSOLE.info("recommender: ALS {} rank {} alpha {} reg {} {} iterations ...", weighting.id(), p.rank(),
                    p.alpha(), p.regParam(), p.iterations());
            PeakHeap.reset();
            long t0 = System.nanoTime();
            ALSModel model = AlsTraining.recommender(p).fit(AlsTraining.feedback(spark, feedback, weighting));
            AlsFactors factors = AlsTraining.factors(model, log);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peak = PeakHeap.bytes();
            CONSOLE.info("recommender: ALS {} trained in {}s", weighting.id(), Math.round(seconds));
            var params = new LinkedHashMap<String, Object>(p.asMap());
            if (!sweep.isEmpty()) {
                params.put("tunedOnValidation", sweep);
            }
            ModelResult r = evaluate(evaluation, factors.scorer("als-" + weighting.id(), log), params, validation,
                    test, seconds, peak);
            results.add(r);
            if (bestAls == null || r.validation().all().hr1() > bestAls.validation().all().hr1()) {
                bestAls = r;
                bestFactors = factors;
            }
        }
        if (bestAls == null) {
            throw new IllegalArgumentException("no ALS weighting to train: give at least one with --weightings");
        }
        ModelResult hybrid = repeatBlend(evaluation, bestFactors.scorer(bestAls.name(), log), bestAls, validation,
                test);
        results.add(hybrid);

        CONSOLE.info("recommender: neural model, building examples ...");
        PeakHeap.reset();
        long t0 = System.nanoTime();
        var examples = NeuralTraining.examples(log, split, job.neural());
        CONSOLE.info("recommender: neural {} examples, vocabulary {}", examples.size(), examples.vocabulary().length);
        NextStreamerNet net = NeuralTraining.train(examples, job.neural());
        double neuralSeconds = (System.nanoTime() - t0) / 1e9;
        long neuralPeak = PeakHeap.bytes();
        var neuralParams = new LinkedHashMap<String, Object>(job.neural().asMap());
        neuralParams.put("examples", examples.size());
        ModelResult neural = evaluate(evaluation, net.scorer("neural-mlp", log), neuralParams, validation, test,
                neuralSeconds, neuralPeak);
        results.add(neural);

        Path reportDir = registry.root().resolve("reports").resolve("recommender-" + System.currentTimeMillis());
        RecommenderReport.write(reportDir, job.source(), data, results, bestAls.name());
        final AlsFactors factors = bestFactors;
        final ModelResult als = bestAls;
        var alsEntry = registry.write(new ModelRegistry.Draft(ALS_NAME, AlsFactors.KIND, data,
                withAlternatives(als, results, hybrid), metricsOf(als)), dir -> {
                    factors.write(dir.resolve(AlsFactors.FILE));
                    RecommenderReport.copyInto(reportDir, dir);
                });
        var neuralEntry = registry.write(new ModelRegistry.Draft(NEURAL_NAME, NextStreamerNet.KIND, data,
                neural.params(), metricsOf(neural)), dir -> {
                    net.write(dir.resolve(NextStreamerNet.FILE));
                    RecommenderReport.copyInto(reportDir, dir);
                });
        CONSOLE.info("recommender: wrote {} v{} and {} v{}; report {}", ALS_NAME, alsEntry.manifest().version(),
                NEURAL_NAME, neuralEntry.manifest().version(), alsEntry.dir().resolve(RecommenderReport.FILE));
        return new Outcome(results, bestAls.name(), split, data, alsEntry, neuralEntry,
                alsEntry.dir().resolve(RecommenderReport.FILE));
    }

    /**
     * The selected ALS blended with the repeat signal ({@link RepeatBlendScorer}); the weight is the one with the
     * best validation HR@1 (ALS alone, weight 0, included), and only that weight is evaluated on test.
     */
    private static ModelResult repeatBlend(LiveEvaluation evaluation, LiveScorer als, ModelResult alsResult,
            List<EvalInstance> validation, List<EvalInstance> test) {
        String name = alsResult.name() + "+repeat";
        double bestWeight = 0;
        double bestHr1 = alsResult.validation().all().hr1();
        RankingMetrics bestValidation = alsResult.validation();
        var tried = new LinkedHashMap<String, Object>();
        tried.put("0", bestHr1);
        long t0 = System.nanoTime();
        for (double w : REPEAT_WEIGHTS) {
            RankingMetrics v = evaluation.evaluate(new RepeatBlendScorer(name, als, w), validation, null);
            tried.put(Double.toString(w), v.all().hr1());
            CONSOLE.info("recommender: {} repeat weight {}: validation HR@1 {}", name, w, f(v.all().hr1()));
            if (v.all().hr1() > bestHr1) {
                bestHr1 = v.all().hr1();
                bestWeight = w;
                bestValidation = v;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        var scorer = new RepeatBlendScorer(name, als, bestWeight);
        RankingMetrics t = evaluation.evaluate(scorer, test, progress(name + " test", test.size()));
        CONSOLE.info("recommender: {} (repeat weight {} on validation) test HR@1 {} HR@10 {} NDCG@10 {} MRR {}", name,
                bestWeight, f(t.all().hr1()), f(t.all().hr10()), f(t.all().ndcg10()), f(t.mrr()));
        var params = new LinkedHashMap<String, Object>();
        params.put("base", alsResult.name());
        params.put("repeatWeight", bestWeight);
        params.put("validationHr1ByRepeatWeight", tried);
        return new ModelResult(name, params, bestValidation, t, seconds, 0);
    }

    private static Map<String, Object> withAlternatives(ModelResult selected, List<ModelResult> results,
            ModelResult hybrid) {
        var params = new LinkedHashMap<String, Object>(selected.params());
        var alternatives = new LinkedHashMap<String, Object>();
        results.stream().filter(r -> r.name().startsWith("als-") && r != hybrid).sorted(Comparator.comparing(ModelResult::name))
                .forEach(r -> alternatives.put(r.name(), Map.of("validation.hr1", r.validation().all().hr1(),
                        "test.hr10", r.test().all().hr10())));
        params.put("selectedOnValidationHr1Among", alternatives);
        params.put("repeatBlend", Map.of("repeatWeight", hybrid.params().get("repeatWeight"), "validation.hr1",
                hybrid.validation().all().hr1(), "test.hr10", hybrid.test().all().hr10()));
        return params;
    }

    private static Map<String, Object> metricsOf(ModelResult r) {
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("protocol", "LiveRec live-availability, full ranking, one instance per user");
        metrics.put("validation", r.validation().asMap());
        metrics.put("test", r.test().asMap());
        metrics.put("trainSeconds", r.trainSeconds());
        metrics.put("peakHeapBytes", r.peakHeapBytes());
        return metrics;
    }

    private static Map<String, Object> dataRange(Job job, LiveSplit split, int validationUsers, int testUsers) {
        var data = new LinkedHashMap<String, Object>();
        data.put("source", job.source());
        data.put("interactions", job.log().size());
        data.put("users", job.log().users());
        data.put("streamers", job.log().streamers());
        data.put("rejectedLines", job.log().rejected());
        data.put("trainSteps", "[0, " + split.validationStart() + ")");
        data.put("validationSteps", "[" + split.validationStart() + ", " + split.testStart() + ")");
        data.put("testSteps", "[" + split.testStart() + ", " + split.maxStep() + ")");
        data.put("stepMinutes", ViewingLog.STEP_MINUTES);
        data.put("validationUsers", validationUsers + (job.maxValidationUsers() < Integer.MAX_VALUE ? " (sample cap " + job.maxValidationUsers() + ")" : ""));
        data.put("testUsers", testUsers);
        return data;
    }

    private static ModelResult evaluate(LiveEvaluation evaluation, LiveScorer scorer, Map<String, Object> params,
            List<EvalInstance> validation, List<EvalInstance> test, double seconds, long peak) {
        RankingMetrics v = evaluation.evaluate(scorer, validation, progress(scorer.name() + " validation",
                validation.size()));
        RankingMetrics t = evaluation.evaluate(scorer, test, progress(scorer.name() + " test", test.size()));
        CONSOLE.info("recommender: {} test HR@1 {} HR@10 {} NDCG@10 {} MRR {} ({} users/s)", scorer.name(),
                f(t.all().hr1()), f(t.all().hr10()), f(t.all().ndcg10()), f(t.mrr()), Math.round(t.usersPerSecond()));
        return new ModelResult(scorer.name(), params, v, t, seconds, peak);
    }

    /** Progress lines with users/s and ETA, at most every 10 seconds. */
    private static java.util.function.LongConsumer progress(String what, int total) {
        long t0 = System.nanoTime();
        var last = new java.util.concurrent.atomic.AtomicLong(t0);
        return done -> {
            long now = System.nanoTime();
            long previous = last.get();
            if (now - previous > 10_000_000_000L && last.compareAndSet(previous, now)) {
                double rate = done / ((now - t0) / 1e9);
                CONSOLE.info("recommender: {} {}/{} users, {} users/s, ETA {}s", what, done, total, Math.round(rate),
                        Math.round((total - done) / rate));
            }
        };
    }

    static String f(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
