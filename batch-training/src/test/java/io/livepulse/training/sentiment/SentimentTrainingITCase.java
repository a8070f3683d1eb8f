package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.LinearSentimentModel;
import io.livepulse.models.sentiment.SentimentLabel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Spark local[2] on small corpus subsets; the exported plain-Java scorer must predict what Spark predicts. */
class SentimentTrainingITCase {
    private static SparkSession spark;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startSpark() {
        spark = SentimentCommand.localSpark();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private SentimentParams small(int maxTrain) {
        var d = SentimentParams.defaults();
        return new SentimentParams(1 << 16, d.regParam(), 50, d.smoothing(), d.neutralBand(), maxTrain, d.standardize(), false);
    }

    @Test
    void chineseBinaryModelsAgreeWithSparkAndLearnSomething() throws Exception {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        var training = new SentimentTraining(spark, registry, SentimentCorpusTest.SHARED);
        for (var algorithm : LinearSentimentModel.Algorithm.values()) {
            var r = training.train(SentimentCorpus.WAIMAI, algorithm, small(3000));
            assertThat(r.sparkAgreement()).as(r.modelName()).isEqualTo(1.0);
            assertThat(r.test().examples()).isEqualTo(750);
            assertThat(r.test().accuracy()).as(r.modelName()).isGreaterThan(0.80);
            var loaded = LinearSentimentModel.load(registry.latest(r.modelName()).orElseThrow());
            assertThat(loaded.score("太难吃了，送得又慢，再也不点了").label()).isEqualTo(SentimentLabel.NEGATIVE);
            assertThat(loaded.score("很好吃，送餐很快，赞").label()).isEqualTo(SentimentLabel.POSITIVE);
        }
        var manifest = registry.latest("sentiment-waimai-lr").orElseThrow().manifest();
        @SuppressWarnings("unchecked")
        var corpora = (List<Map<String, Object>>) manifest.trainingData().get("corpora");
        assertThat(corpora.get(0).get("licence").toString()).contains("non-commercial");
        assertThat(manifest.metrics()).containsKeys("test", "shortText", "sparkAgreement");
    }

    @Test
    void threeClassTwitchModelIsMultinomialAndFlaggedNonCommercial() throws Exception {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        var training = new SentimentTraining(spark, registry, SentimentCorpusTest.SHARED);
        var r = training.train(SentimentCorpus.TWITCH, LinearSentimentModel.Algorithm.LOGISTIC, small(0));
        assertThat(r.sparkAgreement()).isEqualTo(1.0);
        assertThat(r.test().confusion()).hasDimensions(3, 3);
        var model = LinearSentimentModel.load(registry.latest("sentiment-twitch-lr").orElseThrow());
        assertThat(model.classes()).containsExactly(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL,
                SentimentLabel.POSITIVE);
        assertThat(registry.latest("sentiment-twitch-lr").orElseThrow().manifest().trainingData().toString())
                .contains("NON-COMMERCIAL");
    }
}
