package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearSentimentModelTest {
    private static final int D = 1 << 10;
    private static final TextVectorizer WORDS = new TextVectorizer(new WordNgramTokenizer(1, 1), D);

    /** "good" +2, "bad" -2, everything else 0; idf 1. */
    private static LinearSentimentModel binary(double band) {
        double[] w = new double[D];
        w[TextVectorizer.bucket("good", D)] = 2;
        w[TextVectorizer.bucket("bad", D)] = -2;
        double[] idf = new double[D];
        Arrays.fill(idf, 1.0);
        return new LinearSentimentModel(WORDS, LinearSentimentModel.Algorithm.LOGISTIC,
                List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE), band, idf, new double[][] {w},
                new double[] {0.0});
    }

    @Test
    void binomialLogisticScoresLikeTheFormula() {
        var model = binary(0.2);
        var good = model.score("good good");
        assertThat(good.label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(good.score()).isCloseTo(2 / (1 + Math.exp(-4)) - 1, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(model.score("so bad").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(model.score("good bad").label()).isEqualTo(SentimentLabel.NEUTRAL);
        assertThat(model.predictIndex("good bad")).isZero();
    }

    @Test
    void multinomialNaiveBayesTakesTheLargestPosterior() {
        double[] idf = new double[D];
        Arrays.fill(idf, 1.0);
        double[][] theta = new double[3][D];
        for (double[] row : theta) {
            Arrays.fill(row, Math.log(1.0 / D));
        }
        theta[0][TextVectorizer.bucket("trash", D)] = Math.log(0.5);
        theta[2][TextVectorizer.bucket("pog", D)] = Math.log(0.5);
        var model = new LinearSentimentModel(WORDS, LinearSentimentModel.Algorithm.NAIVE_BAYES,
                List.of(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE), 0, idf, theta,
                new double[] {Math.log(0.2), Math.log(0.6), Math.log(0.2)});
        assertThat(model.score("trash stream").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(model.score("pog").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(model.score("hello there").label()).isEqualTo(SentimentLabel.NEUTRAL);
        double[] p = model.probabilities(WORDS.vectorize("pog"));
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(model.score("pog").score()).isBetween(-1.0, 1.0);
    }

    @Test
    void roundTripsThroughTheRegistry(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        var model = binary(0.1);
        var written = registry.write(new ModelRegistry.Draft("sentiment-test", LinearSentimentModel.KIND,
                Map.of("corpora", List.of("test")), Map.of(), Map.of("accuracy", 1.0)), model::writeTo);
        var loaded = LinearSentimentModel.load(written);
        for (String s : List.of("good", "bad bad", "good bad", "nothing")) {
            assertThat(loaded.score(s)).isEqualTo(model.score(s));
        }
    }

    /** Three classes over the chat level: "<praise>" (which "666" and "yyds" become) is the positive feature. */
    private static LinearSentimentModel chatThreeClass() {
        var chars = new TextVectorizer(new CharNgramTokenizer(1, 2), D, ChatNormalizer.Level.CHAT);
        double[] idf = new double[D];
        Arrays.fill(idf, 1.0);
        double[][] w = new double[3][D];
        w[2][TextVectorizer.bucket("<praise>", D)] = 3;
        w[0][TextVectorizer.bucket("<absurd>", D)] = 3;
        return new LinearSentimentModel(chars, LinearSentimentModel.Algorithm.LOGISTIC,
                List.of(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE), 0, idf, w,
                new double[] {0, 0.5, 0});
    }

    @Test
    void chatLevelPayloadRoundTripsWithItsNormalisation(@TempDir Path dir) {
        var model = chatThreeClass();
        assertThat(model.score("主播666").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(model.score("yyds").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(model.score("太离谱了").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(model.score("今天天气").label()).isEqualTo(SentimentLabel.NEUTRAL);
        var written = new ModelRegistry(dir).write(new ModelRegistry.Draft("sentiment-zh-3c-test",
                LinearSentimentModel.KIND, Map.of(), Map.of(), Map.of()), model::writeTo);
        var loaded = LinearSentimentModel.load(written);
        assertThat(loaded.vectorizer()).isEqualTo(model.vectorizer());
        for (String s : List.of("主播666", "yyds", "太离谱了", "今天天气")) {
            assertThat(loaded.probabilities(s)).containsExactly(model.probabilities(s));
        }
    }

    @Test
    void temperatureSoftensProbabilitiesButKeepsTheClass() {
        var model = chatThreeClass();
        var soft = model.withTemperature(2.0);
        double[] p = model.probabilities("666");
        double[] q = soft.probabilities("666");
        assertThat(soft.predictIndex("666")).isEqualTo(model.predictIndex("666")).isEqualTo(2);
        assertThat(q[2]).isLessThan(p[2]).isGreaterThan(1.0 / 3);
        assertThatThrownBy(() -> model.withTemperature(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesOtherKindsAndTruncatedPayloads(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        var other = registry.write(new ModelRegistry.Draft("als", "als-factors/1", Map.of(), Map.of(), Map.of()),
                d -> Files.writeString(d.resolve(LinearSentimentModel.PAYLOAD), "x"));
        assertThatThrownBy(() -> LinearSentimentModel.load(other))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("is of kind als-factors/1, not sentiment-linear/1");
        var truncated = registry.write(new ModelRegistry.Draft("bad", LinearSentimentModel.KIND, Map.of(), Map.of(),
                Map.of()), d -> Files.write(d.resolve(LinearSentimentModel.PAYLOAD), new byte[] {0x4C, 0x50, 0x53, 0x45, 0, 0, 0, 1}));
        assertThatThrownBy(() -> LinearSentimentModel.load(truncated))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("malformed linear sentiment payload");
    }

    @Test
    void routesToThePerLanguageModel() {
        SentimentScorer zh = t -> new Sentiment(SentimentLabel.NEGATIVE, -1);
        var routed = new RoutedSentimentScorer(Map.of(Language.ZH, zh, Language.EN, binary(0)));
        assertThat(routed.score("难吃").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(routed.score("good").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThatThrownBy(() -> new RoutedSentimentScorer(Map.of(Language.ZH, zh)))
                .hasMessageContaining("No sentiment scorer for EN");
    }
}
