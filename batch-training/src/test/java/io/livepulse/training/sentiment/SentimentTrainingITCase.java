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

    /** Clearly positive and clearly negative live-chat lines: a sanity slice, not a benchmark. */
    private static final List<String> POSITIVE_CHAT = List.of("主播太棒了 666", "哈哈哈哈哈哈", "喜欢主播", "主播好可爱",
            "支持主播", "太好看了", "唱得真好听", "好厉害");
    private static final List<String> NEGATIVE_CHAT = List.of("太难听了", "垃圾主播", "无聊死了", "恶心", "退钱",
            "别唱了难听死了", "卡死了", "什么垃圾游戏");

    @Test
    void pooledChineseModelIsEvaluatedPerCorpusAndReadsChatPolarity() throws Exception {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        var training = new SentimentTraining(spark, registry, SentimentCorpusTest.SHARED);
        var results = training.trainPooledChinese(LinearSentimentModel.Algorithm.LOGISTIC, small(0));
        assertThat(results).extracting(SentimentTraining.Result::corpus)
                .containsExactlyElementsOf(PooledChineseCorpora.MEMBERS);
        for (var r : results) {
            assertThat(r.test().examples()).isEqualTo(r.corpus().load(SentimentCorpusTest.SHARED, 0).test().size());
            assertThat(r.test().accuracy()).as(r.corpus().id()).isGreaterThan(0.85);
        }
        var version = registry.latest("sentiment-zh-lr").orElseThrow();
        @SuppressWarnings("unchecked")
        var perCorpus = (Map<String, Object>) version.manifest().metrics().get("perCorpus");
        assertThat(perCorpus).containsOnlyKeys("chnsenticorp", "waimai", "online-shopping");
        assertThat(((Number) version.manifest().trainingData().get("droppedAsHeldOut")).intValue()).isPositive();
        var model = LinearSentimentModel.load(version);
        double positive = POSITIVE_CHAT.stream().mapToDouble(t -> model.score(t).score()).average().orElseThrow();
        double negative = NEGATIVE_CHAT.stream().mapToDouble(t -> model.score(t).score()).average().orElseThrow();
        assertThat(positive).as("mean polarity of positive chat vs negative chat").isGreaterThan(negative + 0.5);
        assertThat(NEGATIVE_CHAT.stream().filter(t -> model.score(t).label() == SentimentLabel.NEGATIVE).count())
                .isGreaterThanOrEqualTo(7);
        assertThat(POSITIVE_CHAT.stream().filter(t -> model.score(t).score() > 0).count())
                .isGreaterThanOrEqualTo(5);
    }
}
