package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.ModelSelector;
import io.livepulse.models.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrySentimentScorerTest {
    private static final int D = 1 << 10;

    /** A one-word model: the word is negative, anything else positive. */
    static LinearSentimentModel oneWordNegative(String word) {
        var v = new TextVectorizer(Tokenizer.forLanguage(Language.EN), D);
        double[] w = new double[D];
        w[TextVectorizer.bucket(word, D)] = -10;
        double[] idf = new double[D];
        Arrays.fill(idf, 1.0);
        return new LinearSentimentModel(v, LinearSentimentModel.Algorithm.LOGISTIC,
                List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE), 0, idf, new double[][] {w},
                new double[] {1.0});
    }

    static final Map<Language, ModelSelector> BY_NAME = Map.of(Language.ZH, ModelSelector.parse("sentiment-zh", "zh"),
            Language.EN, ModelSelector.parse("sentiment-en", "en"));

    static ModelRegistry.VerifiedModel register(ModelRegistry registry, String name, LinearSentimentModel model) {
        return registry.write(new ModelRegistry.Draft(name, LinearSentimentModel.KIND, Map.of(), Map.of(), Map.of()),
                model::writeTo);
    }

    @Test
    void picksUpANewVersionAfterTheIntervalWithoutRestart(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        register(registry, "zh", oneWordNegative("x"));
        register(registry, "en", oneWordNegative("boring"));
        var clock = new AtomicLong();
        var scorer = new RegistrySentimentScorer(registry, BY_NAME,
                Duration.ofSeconds(30), clock::get);
        assertThat(scorer.score("so boring").label()).isEqualTo(SentimentLabel.NEGATIVE);
        register(registry, "en", oneWordNegative("lag"));
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(scorer.score("so boring").label()).as("not yet checked").isEqualTo(SentimentLabel.NEGATIVE);
        clock.addAndGet(Duration.ofSeconds(25).toNanos());
        assertThat(scorer.score("so boring").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(scorer.score("lag again").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(scorer.versions()).containsEntry(Language.EN, new ModelSelector.Ref("en", 2));
        assertThat(scorer.reloads()).isEqualTo(1);
    }

    @Test
    void aCorruptNewVersionKeepsTheOldModel(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        register(registry, "zh", oneWordNegative("x"));
        register(registry, "en", oneWordNegative("boring"));
        var scorer = RegistrySentimentScorer.open(registry, BY_NAME,
                Duration.ZERO);
        register(registry, "en", oneWordNegative("lag"));
        Files.writeString(dir.resolve("en/2").resolve(LinearSentimentModel.PAYLOAD), "corrupt");
        assertThat(scorer.refresh()).isFalse();
        assertThat(scorer.failedReloads()).isEqualTo(1);
        assertThat(scorer.score("so boring").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(scorer.versions()).containsEntry(Language.EN, new ModelSelector.Ref("en", 1));
    }

    @Test
    void followsTheChampionOfEachLanguage(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        register(registry, "zh", oneWordNegative("x"));
        var boring = register(registry, "en-a", oneWordNegative("boring"));
        var lag = register(registry, "en-b", oneWordNegative("lag"));
        registry.promote("sentiment-en", boring, "validation.macroF1", Map.of());
        var scorer = RegistrySentimentScorer.open(registry, Map.of(Language.ZH, ModelSelector.parse("sentiment-zh",
                "zh"), Language.EN, ModelSelector.parse("sentiment-en", "champion")), Duration.ZERO);
        assertThat(scorer.score("so boring").label()).isEqualTo(SentimentLabel.NEGATIVE);
        registry.promote("sentiment-en", lag, "validation.macroF1", Map.of());
        assertThat(scorer.refresh()).isTrue();
        assertThat(scorer.versions()).containsEntry(Language.EN, new ModelSelector.Ref("en-b", 1));
        assertThat(scorer.score("so boring").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(scorer.score("lag").label()).isEqualTo(SentimentLabel.NEGATIVE);
    }

    @Test
    void missingModelSaysWhatToRun(@TempDir Path dir) {
        assertThatThrownBy(() -> RegistrySentimentScorer.open(new ModelRegistry(dir),
                BY_NAME, Duration.ZERO))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("./livepulse train sentiment");
    }
}
