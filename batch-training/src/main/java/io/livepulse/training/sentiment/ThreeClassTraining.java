package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.ChatNormalizer;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.TermCounts;
import io.livepulse.models.sentiment.TextVectorizer;
import io.livepulse.models.sentiment.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One three-class (negative / neutral / positive) TF-IDF + multinomial logistic regression model per language,
 * trained on that language's three-class corpora plus its two-class corpora, calibrated by temperature scaling on
 * the three-class validation splits, evaluated per corpus and registered as {@code sentiment-<zh|en>-3c-lr}.
 *
 * <p>How the two kinds of corpora combine (documented in the manifest): every two-class row is a three-class row
 * labelled negative or positive (never neutral) with weight {@code binaryWeight} in the loss; three-class rows weigh
 * 1. So the two-class corpora teach the polarity decision and the three-class corpora alone teach where neutral is;
 * {@code binaryWeight} < 1 keeps the large review corpora from teaching that every text is polar. Two-class corpora
 * are evaluated on their polarity decision alone: P(positive) > P(negative).
 *
 * <p>Chinese: SMP2020-EWECT (three-class) + ChnSentiCorp, waimai_10k, online_shopping_10_cats (two-class). English:
 * MELD, TweetEval (validation tweets only), Twitch (three-class) + SST-2 (two-class).
 */
public final class ThreeClassTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final SparkSession spark;
    private final ModelRegistry registry;
    private final Path sharedData;

    public ThreeClassTraining(SparkSession spark, ModelRegistry registry, Path sharedData) {
        this.spark = spark;
        this.registry = registry;
        this.sharedData = sharedData;
    }

    /**
     * Parameters of one run.
     *
     * @param binaryWeight loss weight of a two-class row (three-class rows weigh 1)
     * @param normalization the {@link ChatNormalizer} level (CHAT; BASIC for the ablation)
     * @param validation report on the validation splits and register nothing (model choices)
     */
    public record Params(int numFeatures, double regParam, int maxIter, double binaryWeight,
            ChatNormalizer.Level normalization, boolean validation) {

        /**
         * The defaults of {@code language} (docs/evaluation.md, "Three-class chat models"): two-class weight 0.1 and
         * L2 0.01 for both, each language's best candidate by validation macro-F1 over its three-class corpora
         * (Chinese: of two, English: of three).
         */
        public static Params defaults(Language language) {
            return new Params(1 << 18, 0.01, 100, 0.1, ChatNormalizer.Level.CHAT, false);
        }
    }

    /** One corpus's part in a language model. */
    record Source(String id, String files, String licence, boolean threeClass, ThreeClassCorpus.Split split) {}

    /** The registry name of a language's three-class model. */
    public static String modelName(Language language) {
        return "sentiment-" + language.name().toLowerCase(Locale.ROOT) + "-3c-lr";
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

    /** Per-corpus results of one run, JSON-friendly; and the registered version (0 when not registered). */
    public record Outcome(String modelName, int version, Map<String, Object> report) {}

    /** Trains, calibrates, evaluates and (unless validating) registers the model of {@code language}. */
    public Outcome train(Language language, Params p) throws IOException {
        String name = modelName(language);
        var sources = sources(language);
        var held = new HashSet<String>();
        for (Source s : sources) {
            s.split().validation().forEach(t -> held.add(t.text()));
            s.split().test().forEach(t -> held.add(t.text()));
        }
        var train = new ArrayList<LabeledText>();
        var weights = new ArrayList<Double>();
        int droppedAcross = 0;
        for (Source s : sources) {
            for (LabeledText t : s.split().train()) {
                if (held.contains(t.text())) {
                    droppedAcross++;
                    continue;
                }
                train.add(t);
                weights.add(s.threeClass() ? 1.0 : p.binaryWeight());
            }
        }
        var vectorizer = new TextVectorizer(Tokenizer.forLanguage(language), p.numFeatures(), p.normalization());
        CONSOLE.info("{}: fitting on {} texts ({} dropped as equal to a held-out text), normalisation {},"
                + " two-class weight {} ...", name, train.size(), droppedAcross, p.normalization(), p.binaryWeight());
        long start = System.nanoTime();
        Dataset<Row> frame = frame(train, weights, vectorizer).cache();
        PipelineModel fitted = pipeline(p).fit(frame);
        frame.unpersist();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        var raw = export(fitted, vectorizer);

        var calibrationProbabilities = new ArrayList<double[]>();
        var calibrationGold = new ArrayList<Integer>();
        for (Source s : sources) {
            if (s.threeClass()) {
                for (LabeledText t : s.split().validation()) {
                    calibrationProbabilities.add(raw.probabilities(t.text()));
                    calibrationGold.add(t.label());
                }
            }
        }
        int[] calGold = calibrationGold.stream().mapToInt(Integer::intValue).toArray();
        double temperature = TemperatureScaling.fit(calibrationProbabilities, calGold);
        var model = raw.withTemperature(temperature);
        CONSOLE.info("{}: trained in {} s; temperature {} (validation NLL {} -> {})", name,
                String.format(Locale.ROOT, "%.1f", trainSeconds), String.format(Locale.ROOT, "%.3f", temperature),
                String.format(Locale.ROOT, "%.4f", TemperatureScaling.nll(calibrationProbabilities, calGold, 1.0)),
                String.format(Locale.ROOT, "%.4f", TemperatureScaling.nll(calibrationProbabilities, calGold,
                        temperature)));

        // validation figures always (model choices); test figures only for a registered model
        var perCorpus = new LinkedHashMap<String, Object>();
        for (Source s : sources) {
            var both = new LinkedHashMap<String, Object>();
            var v = evaluate(s.threeClass(), s.split().validation(), raw, model);
            both.put("validation", v);
            CONSOLE.info("{} on {} (validation): {}", name, s.id(), line(v));
            if (!p.validation()) {
                var m = evaluate(s.threeClass(), s.split().test(), raw, model);
                s.split().slices().forEach((slice, sliceRows) -> m.put("slice:" + slice,
                        evaluate(s.threeClass(), sliceRows, raw, model)));
                both.put("test", m);
                CONSOLE.info("{} on {} (test): {}", name, s.id(), line(m));
            }
            perCorpus.put(s.id(), both);
        }
        var report = new LinkedHashMap<String, Object>();
        report.put("model", name);
        report.put("evaluatedOn", p.validation() ? "validation" : "validation and test");
        report.put("normalization", p.normalization().name());
        report.put("binaryWeight", p.binaryWeight());
        report.put("regParam", p.regParam());
        report.put("temperature", temperature);
        report.put("trainExamples", train.size());
        report.put("trainSeconds", trainSeconds);
        report.put("shortTextMaxChars", SentimentTraining.SHORT_TEXT_CHARS);
        report.put("perCorpus", perCorpus);
        if (p.validation()) {
            return new Outcome(name + " (validation, not registered)", 0, report);
        }

        var corpora = new ArrayList<Map<String, Object>>();
        for (Source s : sources) {
            var c = new LinkedHashMap<String, Object>();
            c.put("id", s.id());
            c.put("files", s.files());
            c.put("licence", s.licence());
            c.put("classes", s.threeClass() ? "negative/neutral/positive" : "negative/positive (weight "
                    + p.binaryWeight() + ")");
            c.put("trainExamples", s.split().train().size());
            c.put("validationExamples", s.split().validation().size());
            c.put("testExamples", s.split().test().size());
            corpora.add(c);
        }
        var trainingData = new LinkedHashMap<String, Object>();
        trainingData.put("corpora", corpora);
        trainingData.put("trainExamples", train.size());
        trainingData.put("droppedAsHeldOut", droppedAcross);
        trainingData.put("split", "ThreeClassCorpus: per corpus shuffle(Random(" + ThreeClassCorpus.SPLIT_SEED
                + ")), first 0.2 = test, the rest shuffled with seed+1, first 0.2 = validation; MELD: dev file ="
                + " test, dialogues split; SST-2: train/dev/test files; SMP2020: surprise dropped");
        trainingData.put("combination", "two-class rows are negative/positive rows with loss weight "
                + p.binaryWeight() + "; three-class rows weigh 1");
        trainingData.put("classes", ThreeClassCorpus.CLASSES.stream().map(Enum::name).toList());
        var params = new LinkedHashMap<String, Object>();
        params.put("algorithm", "LOGISTIC (multinomial)");
        params.put("tokenizer", vectorizer.tokenizer().spec());
        params.put("normalization", p.normalization().name());
        params.put("numFeatures", p.numFeatures());
        params.put("regParam", p.regParam());
        params.put("maxIter", p.maxIter());
        params.put("binaryWeight", p.binaryWeight());
        params.put("temperature", temperature);
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("perCorpus", perCorpus);
        metrics.put("shortTextMaxChars", SentimentTraining.SHORT_TEXT_CHARS);
        metrics.put("trainSeconds", trainSeconds);
        double selection = selectionScore(perCorpus);
        metrics.put(SELECTION_METRIC, selection);
        var written = registry.write(new ModelRegistry.Draft(name, LinearSentimentModel.KIND, trainingData, params,
                metrics), model::writeTo);
        promoteIfBetter(registry, taskOf(language), written, selection);
        return new Outcome(name, written.manifest().version(), report);
    }

    /** The champion choice's metric, in every three-class model's manifest metrics. */
    static final String SELECTION_METRIC = "validation.chatScore";

    /** The registry task a language's sentiment champion serves ({@code sentiment-zh}, {@code sentiment-en}). */
    static String taskOf(Language language) {
        return "sentiment-" + language.name().toLowerCase(Locale.ROOT);
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

    /**
     * Makes {@code model} the champion of {@code task} unless the current champion scored better on the same
     * validation measure; a champion without that measure (a two-class model) gives way to a three-class one.
     */
    static void promoteIfBetter(ModelRegistry registry, String task, ModelRegistry.VerifiedModel model,
            double score) {
        var current = registry.champion(task);
        if (current.isPresent()) {
            try {
                var champion = registry.load(current.get().name(), current.get().version());
                if (champion.manifest().metrics().get(SELECTION_METRIC) instanceof Number best
                        && best.doubleValue() > score) {
                    CONSOLE.info("{}: kept {} v{} as champion of {} ({} {} > {})", model.manifest().name(),
                            current.get().name(), current.get().version(), task, SELECTION_METRIC, best, score);
                    return;
                }
            } catch (RuntimeException unreadable) {
                CONSOLE.info("{}: the champion of {} does not load ({}); replacing it", model.manifest().name(), task,
                        unreadable.getMessage());
            }
        }
        var candidates = new LinkedHashMap<String, Object>();
        candidates.put(model.manifest().name() + " v" + model.manifest().version(), score);
        current.ifPresent(c -> candidates.put("previous champion " + c.name() + " v" + c.version(), "no "
                + SELECTION_METRIC + " or lower"));
        registry.promote(task, model, SELECTION_METRIC, candidates);
        CONSOLE.info("{} v{}: champion of {} ({} {})", model.manifest().name(), model.manifest().version(), task,
                SELECTION_METRIC, String.format(Locale.ROOT, "%.4f", score));
    }

    /**
     * Metrics of {@code model} on {@code rows}; three-class: accuracy, macro-F1, macro-recall, weighted F1, the
     * short-text slice, confusion, reliability before ({@code raw}) and after calibration; two-class: the same on
     * the polarity decision, plus the share of rows the model calls neutral.
     */
    static Map<String, Object> evaluate(boolean threeClass, List<LabeledText> rows, LinearSentimentModel raw,
            LinearSentimentModel model) {
        int n = rows.size();
        int[] gold = new int[n];
        int[] predicted = new int[n];
        var probabilities = new ArrayList<double[]>(n);
        var rawProbabilities = new ArrayList<double[]>(n);
        int neutral = 0;
        for (int i = 0; i < n; i++) {
            var t = rows.get(i);
            double[] pr = model.probabilities(t.text());
            probabilities.add(pr);
            if (threeClass) {
                rawProbabilities.add(raw.probabilities(t.text()));
                gold[i] = t.label();
                predicted[i] = model.predictIndex(t.text());
            } else {
                gold[i] = t.label() == 2 ? 1 : 0;
                predicted[i] = pr[2] > pr[0] ? 1 : 0;
                if (model.predictIndex(t.text()) == 1) {
                    neutral++;
                }
            }
        }
        int k = threeClass ? 3 : 2;
        var m = new LinkedHashMap<String, Object>();
        m.putAll(ClassificationMetrics.of(k, gold, predicted).toMap());
        m.put("shortText", ClassificationMetrics.ofShortTexts(k, gold, predicted, i -> rows.get(i).text()).toMap());
        if (threeClass) {
            m.put("reliabilityUncalibrated", TemperatureScaling.reliability(rawProbabilities, gold).toMap());
            m.put("reliability", TemperatureScaling.reliability(probabilities, gold).toMap());
        } else {
            m.put("predictedNeutralShare", n == 0 ? Double.NaN : (double) neutral / n);
        }
        return m;
    }

    private static String line(Map<String, Object> m) {
        return String.format(Locale.ROOT, "n %d, accuracy %.4f, macro-F1 %.4f, macro-recall %.4f, weighted-F1 %.4f",
                (Integer) m.get("examples"), (Double) m.get("accuracy"), (Double) m.get("macroF1"),
                (Double) m.get("macroRecall"), (Double) m.get("weightedF1"));
    }

    static Pipeline pipeline(Params p) {
        var idf = new IDF().setInputCol("tf").setOutputCol("tfidf");
        var lr = new LogisticRegression().setFeaturesCol(idf.getOutputCol()).setLabelCol("label")
                .setWeightCol("weight").setFamily("multinomial").setRegParam(p.regParam()).setElasticNetParam(0.0)
                .setMaxIter(p.maxIter()).setStandardization(false);
        return new Pipeline().setStages(new PipelineStage[] {idf, lr});
    }

    private Dataset<Row> frame(List<LabeledText> rows, List<Double> weights, TextVectorizer vectorizer) {
        var schema = new StructType()
                .add("label", DataTypes.DoubleType, false)
                .add("weight", DataTypes.DoubleType, false)
                .add("tf", SQLDataTypes.VectorType(), false);
        var data = new ArrayList<Row>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            TermCounts x = vectorizer.vectorize(rows.get(i).text());
            data.add(RowFactory.create((double) rows.get(i).label(), weights.get(i),
                    Vectors.sparse(vectorizer.numFeatures(), x.indices(), x.counts())));
        }
        return spark.createDataFrame(data, schema);
    }

    static LinearSentimentModel export(PipelineModel fitted, TextVectorizer vectorizer) {
        double[] idf = ((IDFModel) fitted.stages()[0]).idf().toArray();
        var lr = (LogisticRegressionModel) fitted.stages()[1];
        return new LinearSentimentModel(vectorizer, LinearSentimentModel.Algorithm.LOGISTIC, ThreeClassCorpus.CLASSES,
                0.0, idf, SentimentTraining.rows(lr.coefficientMatrix()), lr.interceptVector().toArray());
    }
}
