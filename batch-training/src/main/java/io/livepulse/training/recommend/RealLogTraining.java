package io.livepulse.training.recommend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.livepulse.models.recommend.AlsFactors;
import io.livepulse.models.recommend.LiveRoomRanker;
import io.livepulse.models.recommend.LiveSequenceNet;
import io.livepulse.models.recommend.LiveSplit;
import io.livepulse.models.recommend.NextStreamerNet;
import io.livepulse.models.recommend.ProtocolMetrics;
import io.livepulse.models.recommend.PublishedLog;
import io.livepulse.models.recommend.RankingTask;
import io.livepulse.models.recommend.RealLogProtocol;
import io.livepulse.models.recommend.RankerParams;
import io.livepulse.models.recommend.Recommenders;
import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.recommend.StreamerModel;
import io.livepulse.models.recommend.TaskEvaluation;
import io.livepulse.models.recommend.ViewingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains and evaluates every recommender that works without watch time and texts on a real log (twitch105k,
 * DRIVER) under {@link RealLogProtocol}: the {@code popularity} and {@code repeat} baselines, ALS per weighting
 * (W is one step per interaction, so the weightings differ only in how they count sessions), the best ALS blended
 * with the repeat signal, and the neural next-streamer model with and without the blend. Blend weights and the
 * selected model are chosen on validation HR@1 only; the test split is evaluated once per model. The content model
 * is not run: neither log has streamer texts.
 */
final class RealLogTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    /** Report file of one dataset under the results directory. */
    static final String RESULTS_FILE = "recommenders-%s.json";
    /** Validation figures, training time and peak heap of the same run. */
    static final String DETAILS_FILE = "recommenders-%s-details.json";

    /**
     * What to run.
     *
     * @param data the log and its protocol
     * @param source where the log was read from, for reports
     */
    record Job(PublishedLog data, String source, List<AlsParams> als, NeuralParams neural, SequenceParams sequence) {}

    /** One model's figures on both splits and its cost. */
    record Result(String name, Map<String, Object> params, ProtocolMetrics validation, ProtocolMetrics test,
            double trainSeconds, long peakHeapBytes) {}

    /** Everything a run produced. */
    record Outcome(List<Result> results, String selected, Path report, Path details,
            Map<String, ModelRegistry.VerifiedModel> entries) {}

    /** Report name of the sequence-aware model. */
    static final String SEQUENCE = "sequence-lstm";

    private final SparkSession spark;
    private final ModelRegistry registry;

    /** @param registry where every model's entry is written, or null to write none */
    RealLogTraining(SparkSession spark, ModelRegistry registry) {
        this.spark = spark;
        this.registry = registry;
    }

    Outcome run(Job job, Path resultsDir) throws IOException {
        long t0 = System.nanoTime();
        ViewingLog log = job.data().log();
        RealLogProtocol protocol = job.data().protocol();
        List<RankingTask> validation = protocol.tasks(log, LiveSplit.Period.VALIDATION);
        List<RankingTask> test = protocol.tasks(log, LiveSplit.Period.TEST);
        double[] popularity = protocol.trainingPopularity(log);
        // candidates carry their stream age, which only the sequence model reads
        var evaluation = new TaskEvaluation(log, popularity, protocol.candidates(), job.data().timeUnitMs());
        CONSOLE.info("recommender [{}]: {} interactions, {} users, {} streamers, {} snapshots; validation from {},"
                + " test from {}; {} validation and {} test instances", protocol.dataset(), log.size(), log.users(),
                log.streamers(), job.data().snapshots(), protocol.validationStart(), protocol.testStart(),
                validation.size(), test.size());

        var results = new ArrayList<Result>();
        results.add(evaluate(evaluation, new LiveRoomRanker("popularity", null, new RankerParams(0, false)), Map.of(),
                validation, test, 0, 0));
        results.add(evaluate(evaluation, new LiveRoomRanker("repeat", null, new RankerParams(1, false)), Map.of(),
                validation, test, 0, 0));

        LiveSplit split = protocol.asLiveSplit();
        List<Feedback> feedback = Feedback.of(log, split);
        CONSOLE.info("recommender [{}]: {} (user, streamer) feedback pairs from training interactions",
                protocol.dataset(), feedback.size());
        var models = new LinkedHashMap<String, StreamerModel>(); // by result name; absent for the baselines
        Result bestAls = null;
        StreamerModel bestAlsModel = null;
        for (AlsParams p : job.als()) {
            String name = "als-" + p.weighting().id();
            CONSOLE.info("recommender [{}]: {} rank {} alpha {} reg {} {} iterations ...", protocol.dataset(), name,
                    p.rank(), p.alpha(), p.regParam(), p.iterations());
            PeakHeap.reset();
            long a = System.nanoTime();
            ALSModel model = AlsTraining.recommender(p).fit(AlsTraining.feedback(spark, feedback, p.weighting()));
            AlsFactors factors = AlsTraining.factors(model, log);
            double seconds = (System.nanoTime() - a) / 1e9;
            var scorer = new LiveRoomRanker(name, factors, new RankerParams(0, false));
            Result r = evaluate(evaluation, scorer, p.asMap(), validation, test, seconds, PeakHeap.bytes());
            results.add(r);
            models.put(name, factors);
            if (bestAls == null || r.validation().all().hr1() > bestAls.validation().all().hr1()) {
                bestAls = r;
                bestAlsModel = factors;
            }
        }
        if (bestAls != null) {
            results.add(repeatBlend(evaluation, bestAlsModel, bestAls, validation, test));
            models.put(bestAls.name() + "+repeat", bestAlsModel);
        }

        CONSOLE.info("recommender [{}]: neural model, building examples ...", protocol.dataset());
        PeakHeap.reset();
        long n0 = System.nanoTime();
        var examples = NeuralTraining.examples(log, split, job.neural());
        CONSOLE.info("recommender [{}]: neural {} examples, vocabulary {}", protocol.dataset(), examples.size(),
                examples.vocabulary().length);
        NextStreamerNet net = NeuralTraining.train(examples, job.neural());
        double neuralSeconds = (System.nanoTime() - n0) / 1e9;
        var neuralParams = new LinkedHashMap<String, Object>(job.neural().asMap());
        neuralParams.put("examples", examples.size());
        var neuralScorer = new LiveRoomRanker("neural-mlp", net, new RankerParams(0, false));
        Result neural = evaluate(evaluation, neuralScorer, neuralParams, validation, test, neuralSeconds,
                PeakHeap.bytes());
        results.add(neural);
        results.add(repeatBlend(evaluation, net, neural, validation, test));
        models.put(neural.name(), net);
        models.put(neural.name() + "+repeat", net);

        CONSOLE.info("recommender [{}]: sequence model, building examples ...", protocol.dataset());
        PeakHeap.reset();
        long s0 = System.nanoTime();
        var rows = SequenceTraining.rows(log, protocol, job.data().timeUnitMs(), job.sequence());
        CONSOLE.info("recommender [{}]: sequence {} examples, {} candidates, vocabulary {}", protocol.dataset(),
                rows.size(), rows.rows(), rows.vocabulary().length);
        LiveSequenceNet sequenceNet = SequenceTraining.train(rows, job.sequence());
        double sequenceSeconds = (System.nanoTime() - s0) / 1e9;
        var sequenceParams = new LinkedHashMap<String, Object>(job.sequence().asMap());
        sequenceParams.put("examples", rows.size());
        sequenceParams.put("candidatesScored", rows.rows());
        Result sequence = evaluate(evaluation, new LiveRoomRanker(SEQUENCE, sequenceNet, new RankerParams(0, false)),
                sequenceParams, validation, test, sequenceSeconds, PeakHeap.bytes());
        results.add(sequence);
        results.add(repeatBlend(evaluation, sequenceNet, sequence, validation, test));
        models.put(sequence.name(), sequenceNet);
        models.put(sequence.name() + "+repeat", sequenceNet);

        Result selected = results.get(0);
        for (Result r : results) {
            if (r.validation().all().hr1() > selected.validation().all().hr1()) {
                selected = r;
            }
        }
        double totalSeconds = (System.nanoTime() - t0) / 1e9;
        Files.createDirectories(resultsDir);
        Path report = resultsDir.resolve(String.format(Locale.ROOT, RESULTS_FILE, protocol.dataset()));
        Path details = resultsDir.resolve(String.format(Locale.ROOT, DETAILS_FILE, protocol.dataset()));
        writeJson(report, report(protocol, results, selected.name()));
        writeJson(details, details(job, validation.size(), test.size(), results, selected.name(), totalSeconds));
        CONSOLE.info("recommender [{}]: selected on validation HR@1: {}; done in {}s, peak heap {} MB; wrote {} and {}",
                protocol.dataset(), selected.name(), Math.round(totalSeconds), PeakHeap.bytes() >> 20, report,
                details);
        CONSOLE.info("recommender [{}]: test figures\n{}", protocol.dataset(), markdown(results, selected.name()));
        var entries = registry == null ? Map.<String, ModelRegistry.VerifiedModel>of()
                : writeEntries(job, results, models, selected.name());
        return new Outcome(results, selected.name(), report, details, entries);
    }

    /** The registry task of a dataset's recommenders: {@code recommender-<dataset>}, apart from the demo's. */
    static String task(String dataset) {
        return "recommender-" + dataset;
    }

    /** The registry name of a model trained on a dataset, e.g. {@code recommender-twitch105k-sequence-lstm-repeat}. */
    static String entryName(String dataset, String model) {
        return task(dataset) + "-" + model.replace("+", "-");
    }

    /** The ranker a result was measured as: its model with the repeat weight chosen on validation. */
    private static RankerParams rankerParams(Result r) {
        if (r.name().equals("repeat")) {
            return new RankerParams(1, false);
        }
        return r.params().get("repeatWeight") instanceof Number w ? new RankerParams(w.doubleValue(), false)
                : new RankerParams(0, false);
    }

    /**
     * One registry entry per model, named after the dataset, each with the corpus, its licence and the selection
     * figures; the validation-best is promoted for the dataset's task.
     */
    private Map<String, ModelRegistry.VerifiedModel> writeEntries(Job job, List<Result> results,
            Map<String, StreamerModel> models, String selected) {
        String dataset = job.data().protocol().dataset();
        var candidates = new LinkedHashMap<String, Object>();
        for (Result r : results) {
            var c = new LinkedHashMap<String, Object>();
            c.put("evaluatedAs", r.name());
            c.put("validation.HR@1", r.validation().all().hr1());
            c.put("validation.NDCG@10", r.validation().all().ndcg10());
            c.put("test.HR@1", r.test().all().hr1());
            c.put("test.NDCG@10", r.test().all().ndcg10());
            c.put("test.new.HR@10", r.test().fresh().hr10());
            candidates.put(entryName(dataset, r.name()), c);
        }
        var selection = new LinkedHashMap<String, Object>();
        selection.put("task", task(dataset));
        selection.put("metric", RecommenderTraining.SELECTION_METRIC);
        selection.put("champion", entryName(dataset, selected));
        selection.put("candidates", candidates);
        var data = new LinkedHashMap<String, Object>();
        data.put("corpus", dataset);
        data.put("source", job.source());
        data.put("licence", licence(job.source()));
        data.put("protocol", job.data().protocol().description());
        data.put("interactions", job.data().log().size());
        data.put("users", job.data().log().users());
        data.put("streamers", job.data().log().streamers());
        var entries = new LinkedHashMap<String, ModelRegistry.VerifiedModel>();
        for (Result r : results) {
            StreamerModel model = models.get(r.name());
            RankerParams ranker = rankerParams(r);
            String kind = model == null ? Recommenders.MODEL_FREE_KIND : model instanceof AlsFactors ? AlsFactors.KIND
                    : model instanceof NextStreamerNet ? NextStreamerNet.KIND : LiveSequenceNet.KIND;
            var params = new LinkedHashMap<String, Object>(r.params());
            params.put("evaluatedAs", r.name());
            params.put(RankerParams.MANIFEST_KEY, ranker.asMap());
            params.put("selection", selection);
            var metrics = new LinkedHashMap<String, Object>();
            metrics.put("validation", full(r.validation()));
            metrics.put("test", full(r.test()));
            var written = registry.write(new ModelRegistry.Draft(entryName(dataset, r.name()), kind, data, params,
                    metrics), dir -> {
                        if (model instanceof AlsFactors f) {
                            f.write(dir.resolve(AlsFactors.FILE));
                        } else if (model instanceof NextStreamerNet n) {
                            n.write(dir.resolve(NextStreamerNet.FILE));
                        } else if (model instanceof LiveSequenceNet s) {
                            s.write(dir.resolve(LiveSequenceNet.FILE));
                        } else {
                            Recommenders.writeModelFree(ranker, dir);
                        }
                    });
            entries.put(r.name(), written);
        }
        var champion = entries.get(selected);
        registry.promote(task(dataset), champion, RecommenderTraining.SELECTION_METRIC, candidates);
        CONSOLE.info("recommender [{}]: wrote {} registry entries under {}; champion of '{}': {} v{}", dataset,
                entries.size(), registry.root(), task(dataset), champion.manifest().name(),
                champion.manifest().version());
        return entries;
    }

    /**
     * The licence line of the SOURCE.md beside the log (in the log's directory, or the directory given as the log),
     * with its continuation lines.
     */
    static String licence(String source) {
        Path log = Path.of(source);
        Path dir = Files.isDirectory(log) ? log : log.toAbsolutePath().getParent();
        Path file = dir == null ? null : dir.resolve("SOURCE.md");
        if (file == null || !Files.isRegularFile(file)) {
            return "unknown: no SOURCE.md beside " + source;
        }
        try {
            var lines = Files.readAllLines(file);
            var sb = new StringBuilder();
            for (String line : lines) {
                if (sb.length() == 0) {
                    if (line.startsWith("- Licence:")) {
                        sb.append(line.substring("- Licence:".length()).trim());
                    }
                } else if (line.startsWith("  ") && !line.trim().startsWith("-")) {
                    sb.append(' ').append(line.trim());
                } else {
                    break;
                }
            }
            return sb.length() == 0 ? "unknown: " + file + " has no '- Licence:' line" : sb.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * {@code base} blended with the repeat signal (the ranker's repeat weight); the weight with the best validation
     * HR@1 (weight 0, the base alone, included) is the only one evaluated on test.
     */
    private static Result repeatBlend(TaskEvaluation evaluation, StreamerModel base, Result baseResult,
            List<RankingTask> validation, List<RankingTask> test) {
        String name = baseResult.name() + "+repeat";
        double bestWeight = 0;
        ProtocolMetrics bestValidation = baseResult.validation();
        var tried = new LinkedHashMap<String, Object>();
        tried.put("0", bestValidation.all().hr1());
        long t0 = System.nanoTime();
        for (double w : RecommenderTraining.REPEAT_WEIGHTS) {
            ProtocolMetrics v = evaluation.evaluate(new LiveRoomRanker(name, base, new RankerParams(w, false)),
                    validation, null);
            tried.put(Double.toString(w), v.all().hr1());
            if (v.all().hr1() > bestValidation.all().hr1()) {
                bestWeight = w;
                bestValidation = v;
            }
        }
        CONSOLE.info("recommender: {} validation HR@1 by repeat weight {}; chosen {}", name, tried, bestWeight);
        ProtocolMetrics t = evaluation.evaluate(new LiveRoomRanker(name, base, new RankerParams(bestWeight, false)), test,
                progress(name + " test", test.size()));
        log(name, t);
        var params = new LinkedHashMap<String, Object>();
        params.put("base", baseResult.name());
        params.put("repeatWeight", bestWeight);
        params.put("validationHr1ByRepeatWeight", tried);
        return new Result(name, params, bestValidation, t, baseResult.trainSeconds() + (System.nanoTime() - t0) / 1e9,
                baseResult.peakHeapBytes());
    }

    private static Result evaluate(TaskEvaluation evaluation, LiveRoomRanker scorer, Map<String, Object> params,
            List<RankingTask> validation, List<RankingTask> test, double seconds, long peak) {
        ProtocolMetrics v = evaluation.evaluate(scorer, validation, progress(scorer.name() + " validation",
                validation.size()));
        ProtocolMetrics t = evaluation.evaluate(scorer, test, progress(scorer.name() + " test", test.size()));
        if (seconds > 0) {
            CONSOLE.info("recommender: {} trained in {}s, peak heap {} MB", scorer.name(), Math.round(seconds),
                    peak >> 20);
        }
        log(scorer.name(), t);
        return new Result(scorer.name(), params, v, t, seconds, peak);
    }

    private static void log(String name, ProtocolMetrics t) {
        CONSOLE.info("recommender: {} test HR@1 {} HR@10 {} NDCG@10 {} MRR {}; repeat HR@1 {}, new HR@10 {}", name,
                f(t.all().hr1()), f(t.all().hr10()), f(t.all().ndcg10()), f(t.all().mrr()), f(t.repeat().hr1()),
                f(t.fresh().hr10()));
    }

    /** The report: test figures of every model, the protocol, the model selected on validation. */
    static Map<String, Object> report(RealLogProtocol protocol, List<Result> results, String selected) {
        var models = new LinkedHashMap<String, Object>();
        for (Result r : results) {
            models.put(r.name(), r.test().asReportMap());
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("dataset", protocol.dataset());
        out.put("split", "test");
        out.put("protocol", protocol.description() + "; models selected on validation HR@1");
        out.put("models", models);
        out.put("selected", selected);
        return out;
    }

    private static Map<String, Object> details(Job job, int validationInstances, int testInstances,
            List<Result> results, String selected, double totalSeconds) {
        var out = new LinkedHashMap<String, Object>();
        out.put("dataset", job.data().protocol().dataset());
        out.put("source", job.source());
        out.put("interactions", job.data().log().size());
        out.put("users", job.data().log().users());
        out.put("streamers", job.data().log().streamers());
        out.put("snapshots", job.data().snapshots());
        out.put("rejectedLines", job.data().log().rejected());
        out.put("validationInstances", validationInstances);
        out.put("testInstances", testInstances);
        out.put("selected", selected);
        out.put("totalSeconds", totalSeconds);
        out.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        out.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        var models = new LinkedHashMap<String, Object>();
        for (Result r : results) {
            var m = new LinkedHashMap<String, Object>();
            m.put("params", r.params());
            m.put("trainSeconds", r.trainSeconds());
            m.put("peakHeapBytes", r.peakHeapBytes());
            m.put("validation", full(r.validation()));
            m.put("test", full(r.test()));
            models.put(r.name(), m);
        }
        out.put("models", models);
        return out;
    }

    private static Map<String, Object> full(ProtocolMetrics m) {
        var out = new LinkedHashMap<String, Object>();
        out.put("all", m.all());
        out.put("repeat", m.repeat());
        out.put("new", m.fresh());
        out.put("repeatShare", m.repeatShare());
        out.put("meanCandidates", m.meanCandidates());
        return out;
    }

    /** The test table of docs/evaluation.md. */
    static String markdown(List<Result> results, String selected) {
        var sb = new StringBuilder();
        sb.append("| model | HR@1 | HR@5 | HR@10 | NDCG@10 | MRR | repeat HR@1 | repeat HR@10 | new HR@1 | new HR@10 |"
                + " validation HR@1 | train s | peak heap MB |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            ProtocolMetrics t = r.test();
            sb.append("| ").append(r.name()).append(r.name().equals(selected) ? " (selected)" : "").append(" | ")
                    .append(f(t.all().hr1())).append(" | ").append(f(t.all().hr5())).append(" | ")
                    .append(f(t.all().hr10())).append(" | ").append(f(t.all().ndcg10())).append(" | ")
                    .append(f(t.all().mrr())).append(" | ").append(f(t.repeat().hr1())).append(" | ")
                    .append(f(t.repeat().hr10())).append(" | ").append(f(t.fresh().hr1())).append(" | ")
                    .append(f(t.fresh().hr10())).append(" | ").append(f(r.validation().all().hr1())).append(" | ")
                    .append(Math.round(r.trainSeconds())).append(" | ").append(r.peakHeapBytes() >> 20).append(" |\n");
        }
        ProtocolMetrics any = results.get(0).test();
        sb.append(String.format(Locale.ROOT, "test: %d instances, repeat share %.4f, mean candidates %.2f",
                any.all().count(), any.repeatShare(), any.meanCandidates()));
        return sb.toString();
    }

    private static void writeJson(Path file, Map<String, Object> value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Progress lines with instances/s and ETA, at most every 10 seconds. */
    private static LongConsumer progress(String what, int total) {
        long t0 = System.nanoTime();
        var last = new AtomicLong(t0);
        return done -> {
            long now = System.nanoTime();
            long previous = last.get();
            if (now - previous > 10_000_000_000L && last.compareAndSet(previous, now)) {
                double rate = done / ((now - t0) / 1e9);
                CONSOLE.info("recommender: {} {}/{} instances, {} /s, ETA {}s", what, done, total, Math.round(rate),
                        Math.round((total - done) / rate));
            }
        };
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

}
