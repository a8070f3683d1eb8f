package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenseHeadTest {
    private static final List<SentimentLabel> BINARY = List.of(SentimentLabel.NEGATIVE, SentimentLabel.POSITIVE);

    /** x = (f - [1, 0]) / [2, 1]; h = relu(x W1 + b1); logits = h W2 + b2. */
    private static DenseHead twoLayers() {
        var hidden = new DenseHead.Layer(new float[][] {{1, -1, 0}, {0, 2, 1}}, new float[] {0, 0, -1});
        var out = new DenseHead.Layer(new float[][] {{1, 0}, {0, 1}, {3, -3}}, new float[] {0.5f, 0});
        return new DenseHead(BINARY, new float[] {1, 0}, new float[] {2, 1}, List.of(hidden, out));
    }

    @Test
    void forwardPassStandardisesAppliesReluAndSoftmax() {
        // f = [5, 1]: x = [2, 1]; pre-activations [2, 0, 0] -> relu [2, 0, 0]; logits [2.5, 0]
        double[] p = twoLayers().probabilities(new float[] {5, 1});
        double e = Math.exp(2.5);
        assertThat(p[0]).isCloseTo(e / (e + 1), within(1e-9));
        assertThat(p[1]).isCloseTo(1 / (e + 1), within(1e-9));
        // f = [1, 3]: x = [0, 3]; pre-activations [0, 6, 2]; logits [2 * 3 + 0.5, 6 - 2 * 3] = [6.5, 0]
        double[] q = twoLayers().probabilities(new float[] {1, 3});
        assertThat(q[0]).isCloseTo(Math.exp(6.5) / (Math.exp(6.5) + 1), within(1e-9));
        assertThat(twoLayers().score(new float[] {1, 3}).label()).isEqualTo(SentimentLabel.NEGATIVE);
        // a negative pre-activation is cut by the relu: f = [-3, 0] -> x = [-2, 0] -> [-2, 2, -1] -> [0, 2, 0]
        double[] r = twoLayers().probabilities(new float[] {-3, 0});
        assertThat(r[1]).isCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(0.5)), within(1e-9));
        assertThat(twoLayers().score(new float[] {-3, 0}).score()).isCloseTo(r[1] - r[0], within(1e-12));
    }

    @Test
    void writesAndReadsTheSameHead(@TempDir Path dir) throws Exception {
        twoLayers().writeTo(dir);
        var read = DenseHead.read(dir);
        for (float[] f : new float[][] {{5, 1}, {1, 3}, {-3, 0}, {0.25f, -7}}) {
            assertThat(read.probabilities(f)).containsExactly(twoLayers().probabilities(f));
        }
        assertThat(read.classes()).isEqualTo(BINARY);
    }

    @Test
    void rejectsWrongShapesAndCorruptPayloads(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> twoLayers().probabilities(new float[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Expected 2 features, got 3");
        var out = new DenseHead.Layer(new float[][] {{1, 0}, {0, 1}}, new float[] {0, 0});
        assertThatThrownBy(() -> new DenseHead(BINARY, new float[3], new float[3], List.of(out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shapes do not fit");
        Files.write(dir.resolve(DenseHead.PAYLOAD), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> DenseHead.read(dir)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("dense head payload");
        twoLayers().writeTo(dir);
        byte[] whole = Files.readAllBytes(dir.resolve(DenseHead.PAYLOAD));
        Files.write(dir.resolve(DenseHead.PAYLOAD), java.util.Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> DenseHead.read(dir)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("malformed dense head payload");
    }
}
