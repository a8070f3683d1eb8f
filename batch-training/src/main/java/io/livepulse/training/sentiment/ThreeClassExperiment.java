package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.SentimentModel;
import io.livepulse.models.sentiment.SentimentModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three-class (negative / neutral / positive) sentiment experiment of one language: it owns the corpora and their
 * splits ({@link ThreeClassCorpus}, two-class corpora through {@link ThreeClassCorpus#binary}), the training rows
 * (a training text equal to any held-out text of the language is dropped), the metrics (accuracy, macro-F1,
 * macro-recall, weighted F1, confusion, the short-text slice, reliability before and after calibration), the
 * calibration (one temperature per model on the pooled three-class validation splits), the results, the registry
 * write, the check that the registered model scores as evaluated, its speed, and the champion choice. Each
 * {@link ThreeClassKind} supplies only its training and its export.
 *
 * <p>Selection: on validation only, by {@value #SELECTION_METRIC} ({@link #selectionScore}); the champion of the
 * language's task must also score at least {@value #STREAMING_BUDGET} chat-length texts per CPU-second (the streaming
 * budget): when the validation-best is slower, the best within the budget is promoted and both are recorded.
 */
public final class ThreeClassExperiment {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    /** The champion choice's metric, in every three-class model's manifest metrics. */
    static final String SELECTION_METRIC = "validation.chatScore";
    /** Texts per CPU-second on chat-length texts that the streamed champion must reach. */
    static final double STREAMING_BUDGET = 20_000;
    /** Rows of a two-class corpus's validation or test split that an expensive kind is scored on. */
    static final int EXPENSIVE_SAMPLE = 1000;
    /** Validation texts whose registered-model probabilities are compared with the evaluated ones. */
    static final int PARITY_TEXTS = 100;

    private final ModelRegistry registry;
    private final Path sharedData;
    private final double benchSeconds;

    public ThreeClassExperiment(ModelRegistry registry, Path sharedData, double benchSeconds) {
        this.registry = registry;
        this.sharedData = sharedData;
        this.benchSeconds = benchSeconds;
    }

    /** One corpus's part in a language's experiment. */
    record Source(String id, String files, String licence, boolean threeClass, ThreeClassCorpus.Split split) {}

    /**
     * Rows of one split of one corpus, scored as a whole.
     *
     * @param name validation, test, test usual (a slice), or with " sample" for a sampled two-class split
     */
    record Part(String corpus, String name, boolean threeClass, List<LabeledText> rows) {
        /** A file-name-safe key of the part (caches). */
        String key() {
            return corpus + "-" + name.replace(' ', '-');
        }

        int[] gold() {
            return rows.stream().mapToInt(LabeledText::label).toArray();
        }
    }

    /**
     * What every kind trains on.
     *
     * @param train per source, its training rows (held-out texts of any corpus of the language removed)
     * @param validation the three-class corpora's validation splits (early stopping, calibration, selection)
     */
    record TrainingData(Language language, List<Source> sources, Map<Source, List<LabeledText>> train,
            List<Part> validation, int droppedAsHeldOut) {}

    /** A trained candidate of this run: calibrated, evaluated and (unless validating) registered. */
    record Candidate(String name, ThreeClassKind.Trained trained, double temperature, double chatScore,
            int version, Map<String, Object> report) {
        /** Calibrated probabilities of {@code part}. */
        double[][] calibrated(Part part) throws IOException {
            return calibrate(trained.probabilities(part), temperature);
        }
    }

    /** The language's report: every candidate and the selection. */
    public record Outcome(Language language, List<Map<String, Object>> candidates, Map<String, Object> selection) {
        public Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("language", language.name().toLowerCase(Locale.ROOT));
            m.put("candidates", candidates);
            m.put("selection", selection);
            return m;
        }
    }

    List<Source> sources(Language language) throws IOException {
        var out = new ArrayList<Source>();
        for (ThreeClassCorpus c : ThreeClassCorpus.values()) {
            if (c.language() == language) {
                CONSOLE.info("  reading {} ...", c.id());
                out.add(new Source(c.id(), c.files(), c.licence(), true, c.load(sharedData)));
            }
        }
        for (SentimentCorpus c : SentimentCorpus.values()) {
            if (c.language() == language && c.classes().size() == 2) {
                CONSOLE.info("  reading {} ...", c.id());
                out.add(new Source(c.id(), c.file(), c.licence(), false, ThreeClassCorpus.binary(c, sharedData)));
            }
        }
        return out;
    }

    static TrainingData trainingData(Language language, List<Source> sources) {
        var held = new HashSet<String>();
        for (Source s : sources) {
            s.split().validation().forEach(t -> held.add(t.text()));
            s.split().test().forEach(t -> held.add(t.text()));
        }
        var train = new LinkedHashMap<Source, List<LabeledText>>();
        int dropped = 0;
        for (Source s : sources) {
            var kept = new ArrayList<LabeledText>();
            for (LabeledText t : s.split().train()) {
                if (held.contains(t.text())) {
                    dropped++;
                } else {
                    kept.add(t);
                }
            }
            train.put(s, kept);
        }
        var validation = sources.stream().filter(Source::threeClass)
                .map(s -> new Part(s.id(), "validation", true, s.split().validation())).toList();
        return new TrainingData(language, sources, train, validation, dropped);
    }

    /**
     * Trains every kind in order (later kinds may build on earlier ones), calibrates, evaluates, registers (unless
     * {@code validationOnly}) and, when anything was registered, chooses and promotes the language's champion.
     */
    public Outcome run(Language language, List<ThreeClassKind> kinds, boolean validationOnly) throws IOException {
        var sources = sources(language);
        var data = trainingData(language, sources);
        var candidates = new ArrayList<Candidate>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < kinds.size(); i++) {
                var kind = kinds.get(i);
                String name = ThreeClassKind.modelName(language, kind.suffix());
                CONSOLE.info("[3c {} {}/{}] training {} ...", language, i + 1, kinds.size(), name);
                candidates.add(candidate(name, kind, data, candidates, validationOnly));
                double elapsed = (System.nanoTime() - start) / 1e9;
                CONSOLE.info(String.format(Locale.ROOT, "[3c %s %d/%d] %s done: chatScore %.4f; elapsed %.0f s, ETA"
                        + " %.0f s", language, i + 1, kinds.size(), name, candidates.get(i).chatScore(), elapsed,
                        elapsed / (i + 1) * (kinds.size() - i - 1)));
            }
            var selection = validationOnly ? Map.<String, Object>of("registered", false) : select(language,
                    candidates);
            return new Outcome(language, candidates.stream().map(Candidate::report).toList(), selection);
        } finally {
            candidates.forEach(c -> c.trained().close());
        }
    }

    private Candidate candidate(String name, ThreeClassKind kind, TrainingData data, List<Candidate> earlier,
            boolean validationOnly) throws IOException {
        long start = System.nanoTime();
        var trained = kind.train(data, List.copyOf(earlier));
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        // calibration on the pooled three-class validation splits
        var calibration = new ArrayList<double[]>();
        var calibrationGold = new ArrayList<Integer>();
        var raw = new LinkedHashMap<Part, double[][]>();
        for (Part v : data.validation()) {
            double[][] p = trained.probabilities(v);
            raw.put(v, p);
            Collections.addAll(calibration, p);
            for (int g : v.gold()) {
                calibrationGold.add(g);
            }
        }
        int[] gold = calibrationGold.stream().mapToInt(Integer::intValue).toArray();
        double temperature = TemperatureScaling.fit(calibration, gold);
        CONSOLE.info("{}: trained in {} s; temperature {} (validation NLL {} -> {})", name,
                String.format(Locale.ROOT, "%.1f", trainSeconds), String.format(Locale.ROOT, "%.3f", temperature),
                String.format(Locale.ROOT, "%.4f", TemperatureScaling.nll(calibration, gold, 1.0)),
                String.format(Locale.ROOT, "%.4f", TemperatureScaling.nll(calibration, gold, temperature)));

        var perCorpus = new LinkedHashMap<String, Object>();
        for (Source s : data.sources()) {
            var both = new LinkedHashMap<String, Object>();
            Part validation = part(s, "validation", s.split().validation(), kind.expensive());
            double[][] vp = raw.containsKey(validation) ? raw.get(validation) : trained.probabilities(validation);
            var v = evaluate(validation, vp, temperature);
            both.put("validation", v);
            CONSOLE.info("{} on {} ({}): {}", name, s.id(), validation.name(), line(v));
            if (!validationOnly) {
                Part test = part(s, "test", s.split().test(), kind.expensive());
                var m = evaluate(test, trained.probabilities(test), temperature);
                for (var slice : s.split().slices().entrySet()) {
                    Part sp = new Part(s.id(), "test " + slice.getKey(), s.threeClass(), slice.getValue());
                    m.put("slice:" + slice.getKey(), evaluate(sp, trained.probabilities(sp), temperature));
                }
                both.put("test", m);
                CONSOLE.info("{} on {} ({}): {}", name, s.id(), test.name(), line(m));
            }
            perCorpus.put(s.id(), both);
        }
        double chatScore = selectionScore(perCorpus);
        var report = new LinkedHashMap<String, Object>();
        report.put("model", name);
        report.put("evaluatedOn", validationOnly ? "validation" : "validation and test");
        report.put("params", trained.params());
        report.put("combination", trained.combination());
        report.put("temperature", temperature);
        report.put("trainExamples", trained.trainExamples());
        report.put("trainSeconds", trainSeconds);
        report.put("shortTextMaxChars", SentimentTraining.SHORT_TEXT_CHARS);
        report.put(SELECTION_METRIC, chatScore);
        report.put("perCorpus", perCorpus);
        if (validationOnly) {
            return new Candidate(name + " (validation, not registered)", trained, temperature, chatScore, 0, report);
        }
        var params = new LinkedHashMap<String, Object>(trained.params());
        params.put("temperature", temperature);
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("perCorpus", perCorpus);
        metrics.put("shortTextMaxChars", SentimentTraining.SHORT_TEXT_CHARS);
        metrics.put("trainSeconds", trainSeconds);
        metrics.put(SELECTION_METRIC, chatScore);
        var export = trained.export(temperature);
        var written = registry.write(new ModelRegistry.Draft(name, export.registryKind(), trainingDataOf(data,
                trained), params, metrics), export.payload());
        int version = written.manifest().version();
        report.put("version", version);
        try (SentimentModel loaded = SentimentModels.load(registry, written)) {
            report.put("parityMaxAbsDiff", parity(loaded, data.validation().get(0), calibrate(raw.get(
                    data.validation().get(0)), temperature)));
            report.put("chatTextsPerCpuSecond", speed(loaded, data));
        }
        CONSOLE.info("{} v{}: registered; {} chat-length texts/s per core; loaded model within {} of the evaluated"
                + " probabilities", name, version, String.format(Locale.ROOT, "%,.0f", (Double) report.get(
                        "chatTextsPerCpuSecond")), report.get("parityMaxAbsDiff"));
        return new Candidate(name, trained, temperature, chatScore, version, report);
    }

    /** A split as scored: whole, or for an expensive kind on a two-class corpus, a seeded sample. */
    static Part part(Source s, String name, List<LabeledText> rows, boolean expensive) {
        if (!expensive || s.threeClass() || rows.size() <= EXPENSIVE_SAMPLE) {
            return new Part(s.id(), name, s.threeClass(), rows);
        }
        var shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(ThreeClassCorpus.SPLIT_SEED + 2));
        return new Part(s.id(), name + " sample", false, List.copyOf(shuffled.subList(0, EXPENSIVE_SAMPLE)));
    }

    static double[][] calibrate(double[][] raw, double temperature) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = TemperatureScaling.rescale(raw[i], temperature);
        }
        return out;
    }

    /**
     * Metrics of one part from its uncalibrated probabilities. Three-class: accuracy, macro-F1, macro-recall,
     * weighted F1, the short-text slice, confusion, reliability before and after calibration; two-class: the same on
     * the polarity decision P(positive) > P(negative), plus the share of rows whose top class is neutral.
     */
    static Map<String, Object> evaluate(Part part, double[][] raw, double temperature) {
        var rows = part.rows();
        int n = rows.size();
        double[][] calibrated = calibrate(raw, temperature);
        int[] gold = new int[n];
        int[] predicted = new int[n];
        int neutral = 0;
        for (int i = 0; i < n; i++) {
            double[] pr = calibrated[i];
            if (part.threeClass()) {
                gold[i] = rows.get(i).label();
                predicted[i] = ClassificationMetrics.argMax(pr);
            } else {
                gold[i] = rows.get(i).label() == 2 ? 1 : 0;
                predicted[i] = pr[2] > pr[0] ? 1 : 0;
                neutral += ClassificationMetrics.argMax(pr) == 1 ? 1 : 0;
            }
        }
        int k = part.threeClass() ? 3 : 2;
        var m = new LinkedHashMap<String, Object>();
        m.putAll(ClassificationMetrics.of(k, gold, predicted).toMap());
        m.put("shortText", ClassificationMetrics.ofShortTexts(k, gold, predicted, i -> rows.get(i).text()).toMap());
        if (part.threeClass()) {
            m.put("reliabilityUncalibrated", TemperatureScaling.reliability(List.of(raw), gold).toMap());
            m.put("reliability", TemperatureScaling.reliability(List.of(calibrated), gold).toMap());
        } else {
            m.put("predictedNeutralShare", n == 0 ? Double.NaN : (double) neutral / n);
        }
        if (part.name().endsWith(" sample")) {
            m.put("sample", "seeded sample of " + n + " rows of the split");
        }
        return m;
    }

    /**
     * What the champion choice maximises, on validation only: the mean over the three-class corpora of the mean of
     * macro-F1 on all texts and on the short-text slice (<= {@value SentimentTraining#SHORT_TEXT_CHARS} characters),
     * so that chat-length texts weigh as much as everything else together.
     */
    @SuppressWarnings("unchecked")
    static double selectionScore(Map<String, Object> perCorpus) {
        double sum = 0;
        int n = 0;
        for (Object corpus : perCorpus.values()) {
            var v = (Map<String, Object>) ((Map<String, Object>) corpus).get("validation");
            if (v == null || v.containsKey("predictedNeutralShare")) {
                continue; // two-class corpora decide polarity only; they are not three-class candidates' measure
            }
            double all = ((Number) v.get("macroF1")).doubleValue();
            var shortText = (Map<String, Object>) v.get("shortText");
            double slice = shortText == null || !(shortText.get("macroF1") instanceof Number f) || Double.isNaN(
                    f.doubleValue()) ? all : f.doubleValue();
            sum += (all + slice) / 2;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The same score from per-part calibrated probabilities of the three-class validation splits. */
    static double selectionScore(List<Part> validation, List<double[][]> calibrated) {
        var perCorpus = new LinkedHashMap<String, Object>();
        for (int i = 0; i < validation.size(); i++) {
            Part v = validation.get(i);
            int[] gold = v.gold();
            int[] predicted = new int[gold.length];
            for (int r = 0; r < gold.length; r++) {
                predicted[r] = ClassificationMetrics.argMax(calibrated.get(i)[r]);
            }
            var m = new LinkedHashMap<String, Object>(ClassificationMetrics.of(3, gold, predicted).toMap());
            m.put("shortText", ClassificationMetrics.ofShortTexts(3, gold, predicted, r -> v.rows().get(r).text())
                    .toMap());
            perCorpus.put(v.corpus(), Map.of("validation", m));
        }
        return selectionScore(perCorpus);
    }

    /** The registry task a language's sentiment champion serves ({@code sentiment-zh}, {@code sentiment-en}). */
    static String taskOf(Language language) {
        return "sentiment-" + language.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The validation-best candidate and the best within the streaming budget; the latter is promoted (if it beats
     * the current champion on the same measure). Both, and every candidate's score and speed, go into the champion
     * record and the results.
     */
    Map<String, Object> select(Language language, List<Candidate> candidates) {
        Candidate best = null;
        Candidate bestInBudget = null;
        var table = new LinkedHashMap<String, Object>();
        for (Candidate c : candidates) {
            double speed = (Double) c.report().get("chatTextsPerCpuSecond");
            table.put(c.name() + " v" + c.version(), Map.of(SELECTION_METRIC, c.chatScore(), "chatTextsPerCpuSecond",
                    speed, "withinStreamingBudget", speed >= STREAMING_BUDGET));
            if (best == null || c.chatScore() > best.chatScore()) {
                best = c;
            }
            if (speed >= STREAMING_BUDGET && (bestInBudget == null || c.chatScore() > bestInBudget.chatScore())) {
                bestInBudget = c;
            }
        }
        var selection = new LinkedHashMap<String, Object>();
        selection.put("metric", SELECTION_METRIC);
        selection.put("streamingBudgetTextsPerCpuSecond", STREAMING_BUDGET);
        selection.put("validationBest", best.name() + " v" + best.version());
        selection.put("bestWithinBudget", bestInBudget == null ? "none" : bestInBudget.name() + " v"
                + bestInBudget.version());
        if (bestInBudget != best) {
            selection.put("note", String.format(Locale.ROOT, "the validation-best %s (%s %.4f) scores %,.0f chat"
                    + " texts/s per core, under the streaming budget of %,.0f; the task's champion is the best within"
                    + " the budget", best.name(), SELECTION_METRIC, best.chatScore(),
                    (Double) best.report().get("chatTextsPerCpuSecond"), STREAMING_BUDGET));
            CONSOLE.info("{}", selection.get("note"));
        }
        selection.put("candidates", table);
        if (bestInBudget != null) {
            var verified = registry.load(bestInBudget.name(), bestInBudget.version());
            var record = new LinkedHashMap<String, Object>(table);
            record.put("validationBest", selection.get("validationBest"));
            record.put("streamingBudgetTextsPerCpuSecond", STREAMING_BUDGET);
            selection.put("promoted", promoteIfBetter(registry, taskOf(language), verified, bestInBudget.chatScore(),
                    record));
        }
        return selection;
    }

    /**
     * Makes {@code model} the champion of {@code task} unless the current champion scored better on the same
     * validation measure; a champion without that measure (a two-class model) gives way to a three-class one.
     * Returns whether it was promoted.
     */
    static boolean promoteIfBetter(ModelRegistry registry, String task, ModelRegistry.VerifiedModel model,
            double score, Map<String, Object> candidates) {
        var current = registry.champion(task);
        var record = new LinkedHashMap<String, Object>(candidates);
        if (current.isPresent()) {
            try {
                var champion = registry.load(current.get().name(), current.get().version());
                if (champion.manifest().metrics().get(SELECTION_METRIC) instanceof Number best
                        && best.doubleValue() > score) {
                    CONSOLE.info("{}: kept {} v{} as champion of {} ({} {} > {})", model.manifest().name(),
                            current.get().name(), current.get().version(), task, SELECTION_METRIC, best, score);
                    return false;
                }
            } catch (RuntimeException unreadable) {
                CONSOLE.info("{}: the champion of {} does not load ({}); replacing it", model.manifest().name(), task,
                        unreadable.getMessage());
            }
            var c = current.get();
            record.putIfAbsent("previous champion " + c.name() + " v" + c.version(), "no " + SELECTION_METRIC
                    + " or lower");
        }
        registry.promote(task, model, SELECTION_METRIC, record);
        CONSOLE.info("{} v{}: champion of {} ({} {})", model.manifest().name(), model.manifest().version(), task,
                SELECTION_METRIC, String.format(Locale.ROOT, "%.4f", score));
        return true;
    }

    /** The largest absolute difference between the registered model's probabilities and the evaluated ones. */
    static double parity(SentimentModel loaded, Part part, double[][] evaluated) {
        double max = 0;
        int n = Math.min(PARITY_TEXTS, part.rows().size());
        for (int i = 0; i < n; i++) {
            double[] p = loaded.probabilities(part.rows().get(i).text());
            for (int k = 0; k < p.length; k++) {
                max = Math.max(max, Math.abs(p[k] - evaluated[i][k]));
            }
        }
        if (max > 1e-3) {
            CONSOLE.warn("{} v{}: the registered model's probabilities differ from the evaluated ones by up to {}",
                    loaded.manifest().name(), loaded.manifest().version(), max);
        }
        return max;
    }

    /**
     * Texts per CPU-second (one thread) of the registered model, loaded as serving and streaming load it, on the
     * chat-length (<= {@value SentimentTraining#SHORT_TEXT_CHARS} characters) validation texts of the language's
     * three-class corpora; encoder-backed models on the first 200 of them.
     */
    private double speed(SentimentModel loaded, TrainingData data) {
        var texts = new ArrayList<String>();
        for (Part v : data.validation()) {
            v.rows().stream().map(LabeledText::text).filter(t -> t.codePointCount(0, t.length())
                    <= SentimentTraining.SHORT_TEXT_CHARS).forEach(texts::add);
        }
        var measured = loaded.runsEncoder() ? texts.subList(0, Math.min(200, texts.size())) : texts;
        return SentimentBenchmarkCommand.rate(measured, t -> loaded.score(t).label().ordinal(), benchSeconds);
    }

    private static Map<String, Object> trainingDataOf(TrainingData data, ThreeClassKind.Trained trained) {
        var corpora = new ArrayList<Map<String, Object>>();
        for (Source s : data.sources()) {
            var c = new LinkedHashMap<String, Object>();
            c.put("id", s.id());
            c.put("files", s.files());
            c.put("licence", s.licence());
            c.put("classes", s.threeClass() ? "negative/neutral/positive" : "negative/positive");
            c.put("trainExamples", data.train().get(s).size());
            c.put("validationExamples", s.split().validation().size());
            c.put("testExamples", s.split().test().size());
            corpora.add(c);
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("corpora", corpora);
        out.put("trainExamples", trained.trainExamples());
        out.put("droppedAsHeldOut", data.droppedAsHeldOut());
        out.put("split", "ThreeClassCorpus: per corpus shuffle(Random(" + ThreeClassCorpus.SPLIT_SEED
                + ")), first 0.2 = test, the rest shuffled with seed+1, first 0.2 = validation; MELD: dev file ="
                + " test, dialogues split; SST-2: train/dev/test files; SMP2020: surprise dropped");
        out.put("combination", trained.combination());
        out.put("classes", ThreeClassCorpus.CLASSES.stream().map(Enum::name).toList());
        return out;
    }

    private static String line(Map<String, Object> m) {
        return String.format(Locale.ROOT, "n %d, accuracy %.4f, macro-F1 %.4f, macro-recall %.4f, weighted-F1 %.4f",
                (Integer) m.get("examples"), (Double) m.get("accuracy"), (Double) m.get("macroF1"),
                (Double) m.get("macroRecall"), (Double) m.get("weightedF1"));
    }
}
