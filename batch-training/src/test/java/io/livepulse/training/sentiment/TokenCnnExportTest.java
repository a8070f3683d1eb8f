package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.TokenCnnHead;
import io.livepulse.models.sentiment.TokenCnnSentimentModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain-Java token CNN reproduces DL4J's output of the same network, texts of different lengths padded and
 * masked together in one batch, and the bfloat16 cache keeps about three significant digits.
 */
class TokenCnnExportTest {
    private static final int CHANNELS = 6;

    /** Token states of texts of 1, 3, 7 and 12 tokens, channel offsets so that standardising matters. */
    private static TokenStateCache.States states(long seed) {
        var rnd = new Random(seed);
        int[] lengths = {7, 1, 12, 3};
        short[][] s = new short[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            float[][] x = new float[lengths[i]][CHANNELS];
            for (float[] row : x) {
                for (int c = 0; c < CHANNELS; c++) {
                    row[c] = (float) (c - 2 + 1.5 * rnd.nextGaussian());
                }
            }
            s[i] = TokenStateCache.pack(x, x.length, CHANNELS);
        }
        return new TokenStateCache.States(CHANNELS, s);
    }

    /** Random weights large enough that the class probabilities are far from uniform. */
    private static ComputationGraph network(List<Integer> widths, long seed) {
        var p = new TokenCnnParams("bge-small-zh-v1.5", "bge-small-en-v1.5", 16, 16, widths, 5, 0.8, 0.5, 1, 1, 4,
                1e-3, 1e-5, seed);
        var net = TokenCnnSentimentTraining.network(CHANNELS, 2, p);
        net.setParams(Nd4j.randn(seed, net.params().shape()).muli(0.7));
        return net;
    }

    private static TokenCnnParams params(List<Integer> widths) {
        return new TokenCnnParams("bge-small-zh-v1.5", "bge-small-en-v1.5", 16, 16, widths, 5, 0.8, 0.5, 1, 1, 4,
                1e-3, 1e-5, 7L);
    }

    private static void assertMatches(TokenCnnHead head, ComputationGraph net, TokenStateCache.States states,
            float[][] norm, List<Integer> widths) {
        var all = List.of(0, 1, 2, 3);
        INDArray[] xm = TokenCnnSentimentTraining.batch(states, all, norm);
        INDArray batched = net.output(false, new INDArray[] {xm[0]}, new INDArray[] {xm[1]})[0];
        double spread = 0;
        for (int i : all) {
            double[] ours = head.probabilities(states.floats(i));
            double[] alone = TokenCnnSentimentTraining.dl4jProbabilities(net, states, i, norm);
            spread = Math.max(spread, Math.abs(ours[0] - 0.5));
            for (int k = 0; k < 2; k++) {
                assertThat(ours[k]).as("text %d alone, widths %s", i, widths).isCloseTo(alone[k], within(1e-4));
                assertThat(ours[k]).as("text %d padded in a batch, widths %s", i, widths)
                        .isCloseTo(batched.getDouble(i, k), within(1e-4));
            }
        }
        assertThat(spread).as("probabilities far enough from uniform to tell a wrong pass").isGreaterThan(0.05);
    }

    @Test
    void plainJavaForwardPassMatchesDl4jOnPaddedMaskedBatches() {
        var states = states(3L);
        float[][] norm = TokenCnnSentimentTraining.standardisation(states);
        for (var widths : List.of(List.of(1, 2, 3), List.of(2, 5))) {
            var net = network(widths, 11L);
            var head = TokenCnnSentimentTraining.export(net, norm, SentimentCorpus.WAIMAI, params(widths));
            assertThat(head.widths()).containsExactly(widths.stream().mapToInt(Integer::intValue).toArray());
            assertMatches(head, net, states, norm, widths);
        }
    }

    @Test
    void payloadRoundTripsThroughTheRegistry(@TempDir Path dir) {
        var states = states(5L);
        float[][] norm = TokenCnnSentimentTraining.standardisation(states);
        var widths = List.of(1, 3);
        var net = network(widths, 13L);
        var exported = TokenCnnSentimentTraining.export(net, norm, SentimentCorpus.WAIMAI, params(widths));
        var registry = new ModelRegistry(dir);
        registry.write(new ModelRegistry.Draft("sentiment-test-tok", TokenCnnSentimentModel.KIND, Map.of(), Map.of(),
                Map.of()), exported::writeTo);
        var loaded = TokenCnnHead.read(registry.latest("sentiment-test-tok").orElseThrow().dir());
        assertMatches(loaded, net, states, norm, widths);
    }

    @Test
    void bfloat16KeepsThreeSignificantDigits() {
        var rnd = new Random(1L);
        for (int i = 0; i < 10_000; i++) {
            float f = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
            float back = TokenStateCache.toFloat(TokenStateCache.toBfloat16(f));
            assertThat((double) back).isCloseTo(f, within(Math.abs(f) / 256.0 + 1e-30));
        }
        assertThat(TokenStateCache.toFloat(TokenStateCache.toBfloat16(1.0f))).isEqualTo(1.0f);
        assertThat(TokenStateCache.toFloat(TokenStateCache.toBfloat16(-0.5f))).isEqualTo(-0.5f);
    }

    @Test
    void headRejectsStatesOfTheWrongWidth() {
        var states = states(3L);
        float[][] norm = TokenCnnSentimentTraining.standardisation(states);
        var head = TokenCnnSentimentTraining.export(network(List.of(2), 7L), norm, SentimentCorpus.WAIMAI,
                params(List.of(2)));
        assertThatThrownBy(() -> head.probabilities(new float[3][CHANNELS + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 channels");
        assertThatThrownBy(() -> head.probabilities(new float[0][]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
