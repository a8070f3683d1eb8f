package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.ChatNormalizer;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.TermCounts;
import io.livepulse.models.sentiment.TextVectorizer;
import io.livepulse.models.sentiment.Tokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * The linear three-class kind ({@code sentiment-<zh|en>-3c-lr}): TF-IDF + multinomial logistic regression (Spark
 * MLlib), exported to the plain-Java {@link LinearSentimentModel} with the temperature folded into its weights.
 *
 * <p>How the two kinds of corpora combine: every two-class row is a three-class row labelled negative or positive
 * (never neutral) with weight {@code binaryWeight} in the loss; three-class rows weigh 1. So the two-class corpora
 * teach the polarity decision and the three-class corpora alone teach where neutral is; {@code binaryWeight} < 1
 * keeps the large review corpora from teaching that every text is polar.
 */
final class ThreeClassLinear implements ThreeClassKind {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");

    private final SparkSession spark;
    private final Params params;

    ThreeClassLinear(SparkSession spark, Params params) {
        this.spark = spark;
        this.params = params;
    }

    /**
     * Parameters of the linear kind.
     *
     * @param binaryWeight loss weight of a two-class row (three-class rows weigh 1)
     * @param normalization the {@link ChatNormalizer} level (CHAT; BASIC for the ablation)
     */
    record Params(int numFeatures, double regParam, int maxIter, double binaryWeight,
            ChatNormalizer.Level normalization) {

        /**
         * The defaults (docs/evaluation.md, "Three-class chat models"): two-class weight 0.1 and L2 0.01 for both
         * languages, each language's best candidate by validation macro-F1 over its three-class corpora.
         */
        static Params defaults() {
            return new Params(1 << 18, 0.01, 100, 0.1, ChatNormalizer.Level.CHAT);
        }
    }

    @Override
    public String suffix() {
        return "lr";
    }

    @Override
    public boolean expensive() {
        return false;
    }

    @Override
    public Trained train(ThreeClassExperiment.TrainingData data, List<ThreeClassExperiment.Candidate> earlier) {
        var train = new ArrayList<LabeledText>();
        var weights = new ArrayList<Double>();
        data.train().forEach((source, rows) -> {
            train.addAll(rows);
            rows.forEach(r -> weights.add(source.threeClass() ? 1.0 : params.binaryWeight()));
        });
        var vectorizer = new TextVectorizer(Tokenizer.forLanguage(data.language()), params.numFeatures(),
                params.normalization());
        CONSOLE.info("{}: fitting on {} texts ({} dropped as equal to a held-out text), normalisation {}, two-class"
                + " weight {} ...", ThreeClassKind.modelName(data.language(), suffix()), train.size(),
                data.droppedAsHeldOut(), params.normalization(), params.binaryWeight());
        Dataset<Row> frame = frame(train, weights, vectorizer).cache();
        PipelineModel fitted = pipeline(params).fit(frame);
        frame.unpersist();
        var raw = export(fitted, vectorizer);
        return new Trained() {
            @Override
            public double[][] probabilities(ThreeClassExperiment.Part part) {
                return part.rows().stream().map(t -> raw.probabilities(t.text())).toArray(double[][]::new);
            }

            @Override
            public Map<String, Object> params() {
                var p = new LinkedHashMap<String, Object>();
                p.put("algorithm", "LOGISTIC (multinomial)");
                p.put("tokenizer", vectorizer.tokenizer().spec());
                p.put("normalization", params.normalization().name());
                p.put("numFeatures", params.numFeatures());
                p.put("regParam", params.regParam());
                p.put("maxIter", params.maxIter());
                p.put("binaryWeight", params.binaryWeight());
                return p;
            }

            @Override
            public String combination() {
                return "two-class rows are negative/positive rows with loss weight " + params.binaryWeight()
                        + "; three-class rows weigh 1";
            }

            @Override
            public int trainExamples() {
                return train.size();
            }

            @Override
            public Export export(double temperature) {
                return new Export(LinearSentimentModel.KIND, raw.withTemperature(temperature)::writeTo);
            }
        };
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
