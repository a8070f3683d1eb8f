package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCnnModelTest {
    private static final List<SentimentLabel> CLASSES = List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE);

    /**
     * One-dimensional embeddings (good +1, bad -1); a width-1 branch with a "good" and a "bad" detector and a
     * width-2 branch summing neighbours; NEGATIVE reads the "bad" filter, POSITIVE the other two.
     */
    private static TextCnnModel model() {
        float[][] emb = {{0}, {0}, {1}, {-1}};
        var unigrams = new TextCnnModel.Branch(new float[][][] {{{1}}, {{-1}}}, new float[] {0, 0});
        var pairs = new TextCnnModel.Branch(new float[][][] {{{1, 1}}}, new float[] {0});
        float[][] out = {{0, 1}, {1, 0}, {0, 1}};
        return new TextCnnModel(new WordNgramTokenizer(1, 1), List.of("<pad>", "<unk>", "good", "bad"), 6, CLASSES,
                emb, List.of(unigrams, pairs), out, new float[] {0, 0});
    }

    @Test
    void forwardPassFollowsTheFormula() {
        var m = model();
        assertThat(m.widths()).containsExactly(1, 2);
        assertThat(m.convActivations("good good", 2)).containsExactly(2, 1, 0, 0, 0, 0);
        assertThat(m.convActivations("good bad", 1)).containsExactly(0, 1, 0, 0, 0, 0);
        double[] p = m.probabilities("good good");
        assertThat(p[1]).isCloseTo(Math.exp(3) / (1 + Math.exp(3)), within(1e-6));
        assertThat(m.probabilities("good bad")[1]).isCloseTo(0.5, within(1e-6));
        assertThat(m.score("bad bad").label()).isEqualTo(SentimentLabel.NEGATIVE);
        assertThat(m.score("unheard words").score()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void payloadRoundTripsAndATruncatedOneIsARegistryError(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        var written = registry.write(new ModelRegistry.Draft("sentiment-x-cnn", TextCnnModel.KIND, Map.of(), Map.of(),
                Map.of()), model()::writeTo);
        var loaded = TextCnnModel.load(written);
        for (String t : List.of("good good", "good bad", "bad", "")) {
            assertThat(loaded.probabilities(t)).containsExactly(model().probabilities(t), within(1e-12));
        }
        byte[] bytes = Files.readAllBytes(written.file(TextCnnModel.PAYLOAD));
        var broken = registry.write(new ModelRegistry.Draft("sentiment-y-cnn", TextCnnModel.KIND, Map.of(), Map.of(),
                Map.of()), d -> Files.write(d.resolve(TextCnnModel.PAYLOAD), Arrays.copyOf(bytes, bytes.length - 9)));
        assertThatThrownBy(() -> TextCnnModel.load(broken)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("malformed");
    }
}
