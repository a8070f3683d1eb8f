package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.PretrainedEncoder;
import io.livepulse.models.sentiment.TokenCnnSentimentModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole token-state CNN path on the smallest corpus (Twitch chat, ~1,900 short texts through all-MiniLM-L6-v2). */
class TokenCnnSentimentTrainingITCase {

    @Test
    void tokenCnnBeatsTheMajorityClassIsRegisteredAndReloads(@TempDir Path dataDir) throws Exception {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        var d = TokenCnnParams.defaults();
        var p = new TokenCnnParams(d.encoderZh(), PretrainedEncoder.MINILM_L6.id(), d.maxTokensZh(), 32, List.of(1, 2),
                32, 0.8, 0.5, 6, 2, 32, 1e-3, 1e-5, d.seed());
        var training = new TokenCnnSentimentTraining(registry, SentimentCorpusTest.SHARED, dataDir.resolve("cache"));
        var r = training.train(SentimentCorpus.TWITCH, p, false);
        var test = SentimentCorpus.TWITCH.load(SentimentCorpusTest.SHARED, 0).test();
        assertThat(r.test().examples()).isEqualTo(test.size());
        assertThat(r.test().accuracy()).isGreaterThan(r.test().majorityShare() + 0.05);
        assertThat(r.sparkAgreement()).as("DL4J vs plain-Java head").isGreaterThanOrEqualTo(0.99);
        try (var cached = Files.list(dataDir.resolve("cache/all-minilm-l6-v2-32"))) {
            assertThat(cached.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("twitch-fit.tok", "twitch-validation.tok", "twitch-test.tok");
        }
        var version = registry.latest("sentiment-twitch-tok").orElseThrow();
        assertThat(version.manifest().kind()).isEqualTo(TokenCnnSentimentModel.KIND);
        assertThat(version.manifest().trainingData().toString()).containsIgnoringCase("non-commercial")
                .contains("all-MiniLM-L6-v2 (Apache-2.0 licence)");
        try (var model = TokenCnnSentimentModel.load(version)) {
            int right = 0;
            for (var t : test.subList(0, 40)) {
                right += model.score(t.text()).label().ordinal() == t.label() ? 1 : 0;
            }
            assertThat(right).isGreaterThan(40 / 3);
        }
    }
}
