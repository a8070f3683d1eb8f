package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import io.livepulse.models.sentiment.DenseHead;
import io.livepulse.models.sentiment.EncoderSentimentModel;
import io.livepulse.models.sentiment.PretrainedEncoder;
import io.livepulse.models.sentiment.SentenceEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The frozen encoder (the real all-MiniLM-L6-v2 ONNX model, a few short texts), its pooling, the on-disk cache, and
 * the exported dense head against DL4J.
 */
class EncoderSentimentModelTest {
    private static final List<String> TEXTS = List.of("a gripping , funny and moving film", "dull .",
            "the plot makes no sense and the acting is wooden , a waste of two hours", "fine");
    private static SentenceEncoder encoder;

    @BeforeAll
    static void start() {
        encoder = new SentenceEncoder(PretrainedEncoder.MINILM_L6, 32);
    }

    @AfterAll
    static void stop() {
        encoder.close();
    }

    @Test
    void batchedEncodingEqualsOneByOneSoPaddingIsMaskedOut() {
        assertThat(encoder.hidden()).isEqualTo(384);
        float[][] batched = encoder.encode(TEXTS, 4);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] alone = encoder.encode(TEXTS.get(i));
            assertThat(batched[i]).hasSize(3 * 384);
            for (int k = 0; k < alone.length; k++) {
                assertThat(batched[i][k]).as("text %d feature %d", i, k).isCloseTo(alone[k], within(2e-4f));
            }
        }
        assertThat(batched[0]).isNotEqualTo(batched[1]);
    }

    @Test
    void poolsClsMeanAndMaxOfTheRealTokensOnly() {
        float[][] states = {{1, -2}, {3, 0}, {-1, 5}, {100, 100}};
        assertThat(SentenceEncoder.pool(states, 3)).containsExactly(1, -2, 1, 1, 3, 5);
        assertThat(EncoderSentimentModel.select(new float[] {1, 2, 3, 4, 5, 6}, List.of("max", "cls"), 2))
                .containsExactly(1, 2, 5, 6);
    }

    @Test
    void longTextsAreCutToMaxTokens() {
        String longText = String.join(" ", java.util.Collections.nCopies(200, "good"));
        assertThat(encoder.tokenIds(longText)).hasSize(32);
        assertThatThrownBy(() -> new SentenceEncoder(PretrainedEncoder.MINILM_L6, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTokens must be in [8, 512], was 4");
    }

    @Test
    void cacheReturnsStoredVectorsAndReencodesWhenTheTextsChange(@TempDir Path dir) throws Exception {
        var cache = new EncoderFeatureCache(dir);
        float[][] first = cache.features(encoder, "sst2", "fit", TEXTS);
        Path file = dir.resolve("all-minilm-l6-v2-32/sst2-fit.f32");
        assertThat(file).isRegularFile();
        long written = Files.getLastModifiedTime(file).toMillis();
        assertThat(cache.features(encoder, "sst2", "fit", TEXTS)).isDeepEqualTo(first);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(written);
        var changed = new ArrayList<>(TEXTS);
        changed.set(1, "brilliant .");
        float[][] again = cache.features(encoder, "sst2", "fit", changed);
        assertThat(again[0]).isEqualTo(first[0]);
        assertThat(again[1]).isNotEqualTo(first[1]);
    }

    @Test
    void exportedHeadMatchesDl4jWithAndWithoutHiddenLayer() {
        var rnd = new Random(3);
        float[][] x = new float[20][12];
        for (float[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) (rnd.nextGaussian() * 3 + k);
            }
        }
        float[][] norm = EncoderSentimentTraining.standardisation(x);
        for (int hidden : new int[] {0, 7}) {
            var p = EncoderParams.defaults().with(List.of("cls"), hidden, 0.5, 1e-4, 128);
            var net = EncoderSentimentTraining.network(12, 3, p);
            var head = EncoderSentimentTraining.export(net, norm, SentimentCorpus.TWITCH, p);
            for (float[] row : x) {
                float[] z = new float[row.length];
                for (int k = 0; k < z.length; k++) {
                    z[k] = (row[k] - norm[0][k]) / norm[1][k];
                }
                double[] dl4j = net.output(Nd4j.create(new float[][] {z}), false).toDoubleVector();
                double[] ours = head.probabilities(row);
                for (int c = 0; c < 3; c++) {
                    assertThat(ours[c]).as("hidden %d", hidden).isCloseTo(dl4j[c], within(1e-5));
                }
            }
        }
    }

    @Test
    void registryVersionScoresLikeEncoderPlusHead(@TempDir Path dir) {
        var p = EncoderParams.defaults().with(List.of("cls", "mean"), 5, 0.5, 1e-4, 128);
        var net = EncoderSentimentTraining.network(2 * 384, 2, p);
        float[][] x = encoder.encode(TEXTS, 4);
        float[][] selected = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            selected[i] = EncoderSentimentModel.select(x[i], p.pooling(), 384);
        }
        DenseHead head = EncoderSentimentTraining.export(net, EncoderSentimentTraining.standardisation(selected),
                SentimentCorpus.SST2, p);
        var registry = new ModelRegistry(dir);
        registry.write(new ModelRegistry.Draft("sentiment-sst2-enc", EncoderSentimentModel.KIND, Map.of(),
                Map.of("encoder", "all-minilm-l6-v2", "maxTokens", 32, "pooling", List.of("cls", "mean")), Map.of()),
                head::writeTo);
        try (var model = EncoderSentimentModel.load(registry.latest("sentiment-sst2-enc").orElseThrow())) {
            var all = model.scoreAll(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                var expected = head.score(selected[i]);
                assertThat(model.score(TEXTS.get(i)).label()).isEqualTo(expected.label());
                assertThat(model.score(TEXTS.get(i)).score()).isCloseTo(expected.score(), within(1e-3));
                assertThat(all.get(i).score()).isCloseTo(expected.score(), within(1e-3));
            }
        }
        registry.write(new ModelRegistry.Draft("sentiment-sst2-enc", EncoderSentimentModel.KIND, Map.of(),
                Map.of("encoder", "all-minilm-l6-v2"), Map.of()), head::writeTo);
        assertThatThrownBy(() -> EncoderSentimentModel.load(registry.latest("sentiment-sst2-enc").orElseThrow()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("lack encoder, maxTokens or pooling");
    }
}
