package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.EncoderSentimentModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole frozen-encoder path on the smallest corpus (Twitch chat, ~1,900 short texts through all-MiniLM-L6-v2). */
class EncoderSentimentTrainingITCase {

    @Test
    void encoderModelBeatsTheMajorityClassIsRegisteredAndReloads(@TempDir Path dataDir) throws Exception {
        var registry = new ModelRegistry(dataDir.resolve("models"));
        var d = EncoderParams.defaults();
        var p = new EncoderParams(List.of("cls", "mean"), 64, d.maxTokensZh(), 48, 8, 3, 64, 1e-3, 0.5, 1e-4, d.seed());
        var training = new EncoderSentimentTraining(registry, SentimentCorpusTest.SHARED, dataDir.resolve("cache"));
        var r = training.train(SentimentCorpus.TWITCH, p, false).get(0);
        assertThat(r.test().examples()).isEqualTo(SentimentCorpus.TWITCH.load(SentimentCorpusTest.SHARED, 0).test().size());
        assertThat(r.test().accuracy()).isGreaterThan(r.test().majorityShare() + 0.05);
        assertThat(r.sparkAgreement()).as("DL4J vs plain-Java head").isGreaterThanOrEqualTo(0.99);
        try (var cached = Files.list(dataDir.resolve("cache/all-minilm-l6-v2-48"))) {
            assertThat(cached.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("twitch-fit.f32", "twitch-validation.f32", "twitch-test.f32");
        }
        var version = registry.latest("sentiment-twitch-enc").orElseThrow();
        assertThat(version.manifest().kind()).isEqualTo(EncoderSentimentModel.KIND);
        assertThat(version.manifest().trainingData().toString()).containsIgnoringCase("non-commercial")
                .contains("all-MiniLM-L6-v2 (Apache-2.0 licence)");
        try (var model = EncoderSentimentModel.load(version)) {
            var texts = SentimentCorpus.TWITCH.load(SentimentCorpusTest.SHARED, 0).test().subList(0, 40);
            var batched = model.scoreAll(texts.stream().map(LabeledText::text).toList());
            int right = 0;
            for (int i = 0; i < texts.size(); i++) {
                assertThat(model.score(texts.get(i).text()).label()).isEqualTo(batched.get(i).label());
                right += batched.get(i).label().ordinal() == texts.get(i).label() ? 1 : 0;
            }
            assertThat(right).isGreaterThan(40 / 3);
        }
    }
}
