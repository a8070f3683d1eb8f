package io.livepulse.training.recommend;

import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.Availability;
import io.livepulse.models.recommend.EvalInstance;
import io.livepulse.models.recommend.LiveEvaluation;
import io.livepulse.models.recommend.LiveRoomRanker;
import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.recommend.RankingMetrics;
import io.livepulse.models.recommend.Recommenders;
import io.livepulse.models.recommend.ViewingLog;
import io.livepulse.models.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
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
 * Trains and evaluates every recommender on one viewing log under the live-availability protocol, each as the
 * {@link LiveRoomRanker} serving would run: the popularity and repeat baselines, content (when streamer texts are
 * known), ALS with each weighting (the best on validation HR@1 is kept), ALS blended with repeat, and the neural
 * model. Writes one registry entry per model (each with the evaluation report and the selection) and promotes the
 * best on validation HR@1 to champion of the task {@value #TASK}.
 */
final class RecommenderTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    /**
     * What to train on and how.
     *
     * @param source description of the log for reports (path, or "simulated ...")
     * @param texts streamer texts by log index, or empty when the log has none
     */
    record Job(ViewingLog log, String source, Optional<String[]> texts, List<AlsParams> als, NeuralParams neural,
            int maxValidationUsers, int tuneUsers) {}

    /**
     * Writes the run's published results, {@code recommenders-<dataset>.json} in {@code dir}: the test figures of
     * every model in the shape of the real-log reports, and the model selected on validation HR@1.
     */
    static Path writeResults(Outcome outcome, String dataset, Path dir) throws IOException {
        var models = new LinkedHashMap<String, Object>();
        outcome.results().forEach(r -> models.put(r.name(), r.test().asReportMap()));
        var out = new LinkedHashMap<String, Object>();
        out.put("dataset", dataset);
        out.put("split", "test");
        out.put("protocol", "LiveRec live-availability (train before max-500 steps, validation targets in"
                + " [max-500, max-250), test in the last 250 steps; one instance per user, the last target in the"
                + " period, input <= 16; candidates every streamer live at the target's step); ranked by the served"
                + " LiveRoomRanker; models selected on validation HR@1");
        out.put("models", models);
        out.put("selected", outcome.champion().manifest().params().get("evaluatedAs"));
        Files.createDirectories(dir);
        Path file = dir.resolve("recommenders-" + dataset + ".json");
        new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
        return file;
    }

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
            ModelRegistry.VerifiedModel als, ModelRegistry.VerifiedModel neural, Path report,
            ModelRegistry.VerifiedModel champion) {}

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
        double[] popularity = split.trainingPopularity(log);
        var evaluation = new LiveEvaluation(log, Availability.of(log, split.validationStart(), split.maxStep()),
                popularity, job.texts().orElse(null));
        var data = dataRange(job, split, validation.size(), test.size());
        CONSOLE.info("recommender: {} interactions, {} users, {} streamers, {} steps; train < {}, validation {} users,"
                + " test {} users", log.size(), log.users(), log.streamers(), split.maxStep(), split.validationStart(),
                validation.size(), test.size());

        var results = new ArrayList<ModelResult>();
        var rankers = new LinkedHashMap<String, LiveRoomRanker>();
        for (var baseline : List.of(new LiveRoomRanker(POPULARITY, null, new RankerParams(0, false)),
                new LiveRoomRanker(REPEAT, null, new RankerParams(1, false)))) {
            results.add(evaluate(evaluation, baseline, Map.of(), validation, test, 0, 0));
            rankers.put(baseline.name(), baseline);
        }
        boolean content = job.texts().isPresent();
        if (content) {
            var byContent = new LiveRoomRanker(CONTENT, null, new RankerParams(0, true));
            results.add(evaluate(evaluation, byContent, Map.of("method", "tf-idf cosine over the live rooms' texts,"
                    + " profile = visit-weighted sum of the user's streamers' vectors"), validation, test, 0, 0));
            rankers.put(CONTENT, byContent);
        }

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
            var ranker = new LiveRoomRanker("als-" + weighting.id(), factors, new RankerParams(0, false));
            ModelResult r = evaluate(evaluation, ranker, params, validation, test, seconds, peak);
            results.add(r);
            if (bestAls == null || r.validation().all().hr1() > bestAls.validation().all().hr1()) {
                bestAls = r;
                bestFactors = factors;
                rankers.put(ALS, ranker);
            }
        }
        if (bestAls == null) {
            throw new IllegalArgumentException("no ALS weighting to train: give at least one with --weightings");
        }
        var blend = repeatBlend(evaluation, bestFactors, bestAls, content, validation, test);
        results.add(blend.result());
        rankers.put(BLEND, blend.ranker());

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
        var neuralRanker = new LiveRoomRanker("neural-mlp", net, new RankerParams(0, false));
        ModelResult neural = evaluate(evaluation, neuralRanker, neuralParams, validation, test, neuralSeconds,
                neuralPeak);
        results.add(neural);
        rankers.put(NEURAL, neuralRanker);

        // One result per registry entry, by entry name; the champion is the best on validation HR@1.
        var byEntry = new LinkedHashMap<String, ModelResult>();
        for (ModelResult r : results) {
            String entry = r.name().equals(bestAls.name()) ? ALS : r == blend.result() ? BLEND : r == neural ? NEURAL
                    : r.name().equals(POPULARITY) || r.name().equals(REPEAT) || r.name().equals(CONTENT) ? r.name()
                    : null;
            if (entry != null) {
                byEntry.put(entry, r);
            }
        }
        String champion = byEntry.entrySet().stream()
                .max(Comparator.comparingDouble((Map.Entry<String, ModelResult> e) -> e.getValue().validation().all()
                        .hr1()).thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
        var selection = selection(byEntry, champion);
        CONSOLE.info("recommender: champion {} ({}), validation HR@1 {}", entryName(champion),
                byEntry.get(champion).name(), f(byEntry.get(champion).validation().all().hr1()));

        Path reportDir = registry.root().resolve("reports").resolve("recommender-" + System.currentTimeMillis());
        RecommenderReport.write(reportDir, job.source(), data, results, bestAls.name());
        final AlsFactors factors = bestFactors;
        var entries = new LinkedHashMap<String, ModelRegistry.VerifiedModel>();
        for (var e : byEntry.entrySet()) {
            LiveRoomRanker ranker = rankers.get(e.getKey());
            ModelResult r = e.getValue();
            var params = new LinkedHashMap<String, Object>(r.params());
            if (e.getKey().equals(ALS)) {
                params.putAll(withAlternatives(r, results, blend.result()));
            }
            params.put("evaluatedAs", r.name());
            params.put(RankerParams.MANIFEST_KEY, ranker.params().asMap());
            params.put("selection", selection);
            String kind = ranker.model().map(m -> m instanceof AlsFactors ? AlsFactors.KIND : NextStreamerNet.KIND)
                    .orElse(Recommenders.MODEL_FREE_KIND);
            var written = registry.write(new ModelRegistry.Draft(entryName(e.getKey()), kind, data, params,
                    metricsOf(r)), dir -> {
                        if (kind.equals(AlsFactors.KIND)) {
                            factors.write(dir.resolve(AlsFactors.FILE));
                        } else if (kind.equals(NextStreamerNet.KIND)) {
                            net.write(dir.resolve(NextStreamerNet.FILE));
                        } else {
                            Recommenders.writeModelFree(ranker.params(), dir);
                        }
                        RecommenderReport.copyInto(reportDir, dir);
                    });
            entries.put(e.getKey(), written);
        }
        var championEntry = entries.get(champion);
        registry.promote(TASK, championEntry, SELECTION_METRIC, selection);
        CONSOLE.info("recommender: wrote {}; champion of '{}': {} v{}; report {}", entries.values().stream()
                .map(v -> v.manifest().name() + " v" + v.manifest().version()).toList(), TASK,
                championEntry.manifest().name(), championEntry.manifest().version(),
                championEntry.dir().resolve(RecommenderReport.FILE));
        return new Outcome(results, bestAls.name(), split, data, entries.get(ALS), entries.get(NEURAL),
                championEntry.dir().resolve(RecommenderReport.FILE), championEntry);
    }

    /** The registry task every recommender entry competes for. */
    static final String TASK = "recommender";
    static final String SELECTION_METRIC = "validation.HR@1";
    static final String POPULARITY = "popularity";
    static final String REPEAT = "repeat";
    static final String CONTENT = "content";
    static final String ALS = "als";
    static final String BLEND = "blend";
    static final String NEURAL = "neural";

    /** The registry name of an entry: {@code recommender-<entry>}. */
    static String entryName(String entry) {
        return "recommender-" + entry;
    }

    /** What every entry's manifest says about the choice of the champion: metric, candidates and figures. */
    private static Map<String, Object> selection(Map<String, ModelResult> byEntry, String champion) {
        var candidates = new LinkedHashMap<String, Object>();
        byEntry.forEach((entry, r) -> candidates.put(entryName(entry), Map.of("evaluatedAs", r.name(),
                "validation.HR@1", r.validation().all().hr1(), "validation.NDCG@10", r.validation().all().ndcg10(),
                "test.HR@1", r.test().all().hr1(), "test.NDCG@10", r.test().all().ndcg10())));
        var selection = new LinkedHashMap<String, Object>();
        selection.put("task", TASK);
        selection.put("metric", SELECTION_METRIC);
        selection.put("champion", entryName(champion));
        selection.put("candidates", candidates);
        return selection;
    }

    /** The blend and the ranker it was measured as. */
    private record Blend(ModelResult result, LiveRoomRanker ranker) {}

    /**
     * The selected ALS blended with the repeat signal; the weight is the one with the best validation HR@1 (ALS
     * alone, weight 0, included), and only that weight is evaluated on test. With room texts, users the model
     * cannot place are ranked by content.
     */
    private static Blend repeatBlend(LiveEvaluation evaluation, AlsFactors als, ModelResult alsResult, boolean content,
            List<EvalInstance> validation, List<EvalInstance> test) {
        String name = alsResult.name() + "+repeat";
        double bestWeight = 0;
        RankingMetrics bestValidation = evaluation.evaluate(new LiveRoomRanker(name, als, new RankerParams(0,
                content)), validation, null);
        double bestHr1 = bestValidation.all().hr1();
        var tried = new LinkedHashMap<String, Object>();
        tried.put("0", bestHr1);
        long t0 = System.nanoTime();
        for (double w : REPEAT_WEIGHTS) {
            RankingMetrics v = evaluation.evaluate(new LiveRoomRanker(name, als, new RankerParams(w, content)),
                    validation, null);
            tried.put(Double.toString(w), v.all().hr1());
            CONSOLE.info("recommender: {} repeat weight {}: validation HR@1 {}", name, w, f(v.all().hr1()));
            if (v.all().hr1() > bestHr1) {
                bestHr1 = v.all().hr1();
                bestWeight = w;
                bestValidation = v;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        var ranker = new LiveRoomRanker(name, als, new RankerParams(bestWeight, content));
        RankingMetrics t = evaluation.evaluate(ranker, test, progress(name + " test", test.size()));
        CONSOLE.info("recommender: {} (repeat weight {} on validation) test HR@1 {} HR@10 {} NDCG@10 {} MRR {}", name,
                bestWeight, f(t.all().hr1()), f(t.all().hr10()), f(t.all().ndcg10()), f(t.mrr()));
        var params = new LinkedHashMap<String, Object>();
        params.put("base", alsResult.name());
        params.put("repeatWeight", bestWeight);
        params.put("validationHr1ByRepeatWeight", tried);
        return new Blend(new ModelResult(name, params, bestValidation, t, seconds, 0), ranker);
    }

    private static Map<String, Object> withAlternatives(ModelResult selected, List<ModelResult> results,
            ModelResult hybrid) {
        var params = new LinkedHashMap<String, Object>();
        var alternatives = new LinkedHashMap<String, Object>();
        results.stream().filter(r -> r.name().startsWith("als-") && r != hybrid).sorted(Comparator.comparing(ModelResult::name))
                .forEach(r -> alternatives.put(r.name(), Map.of("validation.hr1", r.validation().all().hr1(),
                        "test.hr10", r.test().all().hr10())));
        params.put("selectedOnValidationHr1Among", alternatives);
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

    private static ModelResult evaluate(LiveEvaluation evaluation, LiveRoomRanker scorer, Map<String, Object> params,
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
