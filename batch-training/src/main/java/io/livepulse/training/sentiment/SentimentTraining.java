package io.livepulse.training.sentiment;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.TermCounts;
import io.livepulse.models.sentiment.TextVectorizer;
import io.livepulse.models.sentiment.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.classification.NaiveBayesModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.linalg.Matrix;
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
 * Spark MLlib TF-IDF baselines per corpus: load (fixed split) -> build (IDF + logistic regression or naive Bayes
 * over the shared {@link TextVectorizer} features) -> export to the plain-Java {@link LinearSentimentModel} ->
 * evaluate that exported scorer on the held-out split (and count where it disagrees with Spark) -> write a
 * registry version {@code sentiment-<corpus>-<lr|nb>}.
 */
public final class SentimentTraining {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    /** Texts of at most this many characters form the short-text slice. */
    public static final int SHORT_TEXT_CHARS = 20;

    private final SparkSession spark;
    private final ModelRegistry registry;
    private final Path sharedData;

    public SentimentTraining(SparkSession spark, ModelRegistry registry, Path sharedData) {
        this.spark = spark;
        this.registry = registry;
        this.sharedData = sharedData;
    }

    /** One trained, evaluated and registered model. */
    public record Result(String modelName, int version, SentimentCorpus corpus, LinearSentimentModel.Algorithm algorithm,
            ClassificationMetrics test, ClassificationMetrics shortText, double sparkAgreement, int trainExamples,
            double trainSeconds) {}

    static String modelName(SentimentCorpus corpus, LinearSentimentModel.Algorithm algorithm) {
        return "sentiment-" + corpus.id() + "-" + (algorithm == LinearSentimentModel.Algorithm.LOGISTIC ? "lr" : "nb");
    }

    /** The manifest's training parameters of a linear model. */
    static Map<String, Object> params(LinearSentimentModel.Algorithm algorithm, TextVectorizer vectorizer,
            SentimentParams p) {
        var params = new LinkedHashMap<String, Object>();
        params.put("algorithm", algorithm.name());
        params.put("tokenizer", vectorizer.tokenizer().spec());
        params.put("numFeatures", p.numFeatures());
        params.put("regParam", p.regParam());
        params.put("maxIter", p.maxIter());
        params.put("smoothing", p.smoothing());
        params.put("neutralBand", p.neutralBand());
        params.put("standardize", p.standardize());
        return params;
    }

    static Pipeline pipeline(LinearSentimentModel.Algorithm algorithm, SentimentParams p) {
        var idf = new IDF().setInputCol("tf").setOutputCol("tfidf");
        PipelineStage classifier = algorithm == LinearSentimentModel.Algorithm.LOGISTIC
                ? new LogisticRegression().setFeaturesCol(idf.getOutputCol()).setLabelCol("label")
                        .setRegParam(p.regParam()).setElasticNetParam(0.0).setMaxIter(p.maxIter())
                        .setStandardization(p.standardize())
                : new NaiveBayes().setFeaturesCol(idf.getOutputCol()).setLabelCol("label")
                        .setModelType("multinomial").setSmoothing(p.smoothing());
        return new Pipeline().setStages(new PipelineStage[] {idf, classifier});
    }

    Dataset<Row> frame(List<LabeledText> rows, TextVectorizer vectorizer) {
        var schema = new StructType()
                .add("label", DataTypes.DoubleType, false)
                .add("tf", SQLDataTypes.VectorType(), false);
        var data = new ArrayList<Row>(rows.size());
        for (LabeledText r : rows) {
            TermCounts x = vectorizer.vectorize(r.text());
            data.add(RowFactory.create((double) r.label(), Vectors.sparse(vectorizer.numFeatures(), x.indices(), x.counts())));
        }
        return spark.createDataFrame(data, schema);
    }

    /** Trains, evaluates and registers one model. */
    public Result train(SentimentCorpus corpus, LinearSentimentModel.Algorithm algorithm, SentimentParams p)
            throws IOException {
        var split = p.validation() ? corpus.loadValidation(sharedData, p.maxTrain())
                : corpus.load(sharedData, p.maxTrain());
        var vectorizer = new TextVectorizer(Tokenizer.forLanguage(corpus.language()), p.numFeatures());
        long start = System.nanoTime();
        Dataset<Row> train = frame(split.train(), vectorizer).cache();
        PipelineModel fitted = pipeline(algorithm, p).fit(train);
        train.unpersist();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        var model = export(fitted, vectorizer, algorithm, corpus, p);

        int n = split.test().size();
        int[] gold = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            var t = split.test().get(i);
            gold[i] = t.label();
            predicted[i] = model.predictIndex(t.text());
        }
        List<Row> sparkRows = fitted.transform(frame(split.test(), vectorizer)).select("prediction").collectAsList();
        int agree = 0;
        for (int i = 0; i < n; i++) {
            if ((int) sparkRows.get(i).getDouble(0) == predicted[i]) {
                agree++;
            }
        }
        int k = corpus.classes().size();
        var test = ClassificationMetrics.of(k, gold, predicted);
        var shortText = ClassificationMetrics.ofShortTexts(k, gold, predicted, i -> split.test().get(i).text());
        double agreement = n == 0 ? 1.0 : (double) agree / n;

        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("test", test.toMap());
        metrics.put("shortTextMaxChars", SHORT_TEXT_CHARS);
        metrics.put("shortText", shortText.toMap());
        metrics.put("sparkAgreement", agreement);
        metrics.put("trainSeconds", trainSeconds);
        var trainingData = new LinkedHashMap<String, Object>();
        trainingData.put("corpora", List.of(Map.of("id", corpus.id(), "file", corpus.file(),
                "licence", corpus.licence(), "trainExamples", split.train().size(), "testExamples", n)));
        trainingData.put("split", corpus == SentimentCorpus.SST2 ? "SST-2 train.tsv / test.tsv as distributed"
                : "shuffle(Random(" + SentimentCorpus.SPLIT_SEED + ")), first " + SentimentCorpus.TEST_FRACTION
                        + " = test");
        trainingData.put("classes", corpus.classes().stream().map(Enum::name).toList());
        var params = params(algorithm, vectorizer, p);
        params.put("maxTrain", p.maxTrain());
        String name = modelName(corpus, algorithm);
        if (p.validation()) {
            return new Result(name + " (validation, not registered)", 0, corpus, algorithm, test, shortText,
                    agreement, split.train().size(), trainSeconds);
        }
        var written = registry.write(new ModelRegistry.Draft(name, LinearSentimentModel.KIND, trainingData, params,
                metrics), model::writeTo);
        return new Result(name, written.manifest().version(), corpus, algorithm, test, shortText, agreement,
                split.train().size(), trainSeconds);
    }

    /** Registry name of the model trained on the three Chinese corpora pooled. */
    static String pooledChineseName(LinearSentimentModel.Algorithm algorithm) {
        return "sentiment-zh-" + (algorithm == LinearSentimentModel.Algorithm.LOGISTIC ? "lr" : "nb");
    }

    /**
     * Trains one model on the three Chinese corpora pooled ({@link PooledChineseCorpora}: every held-out text of
     * every corpus removed from training), evaluates it on each corpus's own held-out split and registers
     * {@code sentiment-zh-<lr|nb>} (manifest metrics per corpus; {@code test} = the three splits together). Returns
     * one result per corpus. With {@code p.validation()} the validation cuts are held out and nothing is registered.
     */
    public List<Result> trainPooledChinese(LinearSentimentModel.Algorithm algorithm, SentimentParams p)
            throws IOException {
        var pooled = PooledChineseCorpora.load(sharedData, p.validation());
        var corpus = SentimentCorpus.CHNSENTICORP; // any member: same language and classes
        var vectorizer = new TextVectorizer(Tokenizer.forLanguage(corpus.language()), p.numFeatures());
        String name = pooledChineseName(algorithm);
        CONSOLE.info("{}: {} pooled training texts ({} dropped as equal to a held-out text of some corpus)", name,
                pooled.train().size(), pooled.dropped());
        long start = System.nanoTime();
        Dataset<Row> train = frame(pooled.train(), vectorizer).cache();
        PipelineModel fitted = pipeline(algorithm, p).fit(train);
        train.unpersist();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        var model = export(fitted, vectorizer, algorithm, corpus, p);
        var results = new ArrayList<Result>();
        var perCorpus = new LinkedHashMap<String, Object>();
        var allGold = new ArrayList<Integer>();
        var allPredicted = new ArrayList<Integer>();
        var corpora = new ArrayList<Map<String, Object>>();
        for (var e : pooled.held().entrySet()) {
            var held = e.getValue();
            int[] gold = held.stream().mapToInt(LabeledText::label).toArray();
            int[] predicted = held.stream().mapToInt(t -> model.predictIndex(t.text())).toArray();
            var test = ClassificationMetrics.of(2, gold, predicted);
            var shortText = ClassificationMetrics.ofShortTexts(2, gold, predicted, i -> held.get(i).text());
            for (int i = 0; i < gold.length; i++) {
                allGold.add(gold[i]);
                allPredicted.add(predicted[i]);
            }
            perCorpus.put(e.getKey().id(), Map.of("test", test.toMap(), "shortText", shortText.toMap()));
            corpora.add(Map.of("id", e.getKey().id(), "file", e.getKey().file(), "licence", e.getKey().licence(),
                    "testExamples", held.size()));
            results.add(new Result(name + (p.validation() ? " (validation, not registered)" : ""), 0, e.getKey(),
                    algorithm, test, shortText, Double.NaN, pooled.train().size(), trainSeconds));
        }
        if (p.validation()) {
            return results;
        }
        var metrics = new LinkedHashMap<String, Object>();
        metrics.put("test", ClassificationMetrics.of(2, allGold.stream().mapToInt(Integer::intValue).toArray(),
                allPredicted.stream().mapToInt(Integer::intValue).toArray()).toMap());
        metrics.put("perCorpus", perCorpus);
        metrics.put("shortTextMaxChars", SHORT_TEXT_CHARS);
        metrics.put("trainSeconds", trainSeconds);
        var trainingData = new LinkedHashMap<String, Object>();
        trainingData.put("corpora", corpora);
        trainingData.put("trainExamples", pooled.train().size());
        trainingData.put("droppedAsHeldOut", pooled.dropped());
        trainingData.put("split", "each corpus: shuffle(Random(" + SentimentCorpus.SPLIT_SEED + ")), first "
                + SentimentCorpus.TEST_FRACTION + " = its test split; training = the three training splits minus any"
                + " text equal (exactly, or after ChatNormalizer with white space and punctuation removed) to a test"
                + " text of any of the three");
        trainingData.put("classes", corpus.classes().stream().map(Enum::name).toList());
        var params = params(algorithm, vectorizer, p);
        var written = registry.write(new ModelRegistry.Draft(name, LinearSentimentModel.KIND, trainingData, params,
                metrics), model::writeTo);
        int version = written.manifest().version();
        return results.stream().map(r -> new Result(r.modelName(), version, r.corpus(), r.algorithm(), r.test(),
                r.shortText(), r.sparkAgreement(), r.trainExamples(), r.trainSeconds())).toList();
    }

    static LinearSentimentModel export(PipelineModel fitted, TextVectorizer vectorizer,
            LinearSentimentModel.Algorithm algorithm, SentimentCorpus corpus, SentimentParams p) {
        double[] idf = ((IDFModel) fitted.stages()[0]).idf().toArray();
        var stage = fitted.stages()[1];
        double[][] weights;
        double[] intercepts;
        if (stage instanceof LogisticRegressionModel lr) {
            if (lr.numClasses() == 2) {
                weights = new double[][] {lr.coefficients().toArray()};
                intercepts = new double[] {lr.intercept()};
            } else {
                weights = rows(lr.coefficientMatrix());
                intercepts = lr.interceptVector().toArray();
            }
        } else {
            var nb = (NaiveBayesModel) stage;
            weights = rows(nb.theta());
            intercepts = nb.pi().toArray();
        }
        return new LinearSentimentModel(vectorizer, algorithm, corpus.classes(), p.neutralBand(), idf, weights,
                intercepts);
    }

    static double[][] rows(Matrix m) {
        double[] colMajor = m.toArray();
        int r = m.numRows();
        int c = m.numCols();
        double[][] out = new double[r][c];
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < r; i++) {
                out[i][j] = colMajor[j * r + i];
            }
        }
        return out;
    }

    /** A one-line summary for progress output. */
    static String summary(Result r) {
        return String.format(Locale.ROOT, "%s v%d: test accuracy %.4f, macro-F1 %.4f (%d texts); short (<=%d chars)"
                        + " accuracy %.4f (%d texts)%s; trained on %d texts in %.1f s",
                r.modelName(), r.version(), r.test().accuracy(), r.test().macroF1(), r.test().examples(),
                SHORT_TEXT_CHARS, r.shortText().accuracy(), r.shortText().examples(),
                Double.isNaN(r.sparkAgreement()) ? ""
                        : String.format(Locale.ROOT, "; trainer/plain-Java agreement %.4f", r.sparkAgreement()),
                r.trainExamples(), r.trainSeconds());
    }
}
