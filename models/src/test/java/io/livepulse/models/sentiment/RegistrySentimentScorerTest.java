package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.registry.ModelRegistry;
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

    static void register(ModelRegistry registry, String name, LinearSentimentModel model) {
        registry.write(new ModelRegistry.Draft(name, LinearSentimentModel.KIND, Map.of(), Map.of(), Map.of()),
                model::writeTo);
    }

    @Test
    void picksUpANewVersionAfterTheIntervalWithoutRestart(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        register(registry, "zh", oneWordNegative("x"));
        register(registry, "en", oneWordNegative("boring"));
        var clock = new AtomicLong();
        var scorer = new RegistrySentimentScorer(registry, Map.of(Language.ZH, "zh", Language.EN, "en"),
                Duration.ofSeconds(30), clock::get);
        assertThat(scorer.score("so boring").label()).isEqualTo(SentimentLabel.NEGATIVE);
        register(registry, "en", oneWordNegative("lag"));
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(scorer.score("so boring").label()).as("not yet checked").isEqualTo(SentimentLabel.NEGATIVE);
        clock.addAndGet(Duration.ofSeconds(25).toNanos());
        assertThat(scorer.score("so boring").label()).isEqualTo(SentimentLabel.POSITIVE);
        assertThat(scorer.score("lag again").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(scorer.versions()).containsEntry(Language.EN, 2);
        assertThat(scorer.reloads()).isEqualTo(1);
    }

    @Test
    void aCorruptNewVersionKeepsTheOldModel(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        register(registry, "zh", oneWordNegative("x"));
        register(registry, "en", oneWordNegative("boring"));
        var scorer = RegistrySentimentScorer.open(registry, Map.of(Language.ZH, "zh", Language.EN, "en"),
                Duration.ZERO);
        register(registry, "en", oneWordNegative("lag"));
        Files.writeString(dir.resolve("en/2").resolve(LinearSentimentModel.PAYLOAD), "corrupt");
        assertThat(scorer.refresh()).isFalse();
        assertThat(scorer.failedReloads()).isEqualTo(1);
        assertThat(scorer.score("so boring").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(scorer.versions()).containsEntry(Language.EN, 1);
    }

    @Test
    void missingModelSaysWhatToRun(@TempDir Path dir) {
        assertThatThrownBy(() -> RegistrySentimentScorer.open(new ModelRegistry(dir),
                Map.of(Language.ZH, "zh", Language.EN, "en"), Duration.ZERO))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("./livepulse train sentiment");
    }
}
