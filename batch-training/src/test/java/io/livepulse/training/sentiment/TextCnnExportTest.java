package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.TextCnnModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** The plain-Java forward pass reproduces DL4J's output of the same (randomly initialised) multi-width network. */
class TextCnnExportTest {
    private static final List<String> TEXTS = List.of("太难吃了，送得又慢", "很好吃，送餐很快，赞", "一般",
            "菜凉了，汤洒了，差评差评差评差评差评差评差评差评");

    private static void assertMatches(List<Integer> kernels, TextCnnModel java,
            org.deeplearning4j.nn.graph.ComputationGraph net, Vocabulary vocab, int maxLen) {
        for (String t : TEXTS) {
            float[][] x = {vocab.encode(t, maxLen)};
            double[] dl4j = net.outputSingle(false, Nd4j.create(x)).toDoubleVector();
            double[] ours = java.probabilities(t);
            for (int k = 0; k < 2; k++) {
                assertThat(ours[k]).as("%s, widths %s", t, kernels).isCloseTo(dl4j[k], within(1e-4));
            }
        }
    }

    @Test
    void plainJavaForwardPassMatchesDl4jForOddAndEvenWidths() {
        var vocab = Vocabulary.build(Language.ZH, TEXTS, 100);
        int maxLen = 16;
        for (var kernels : List.of(List.of(3), List.of(2, 3, 4, 5))) {
            var p = new NeuralParams(8, 5, kernels, kernels, 16, 16, 100, 1, 1, 4, 1e-3, 0.5, 7L, 0);
            var net = NeuralSentimentTraining.network(vocab.size(), maxLen, 2, kernels, p);
            var java = NeuralSentimentTraining.export(net, vocab, maxLen, kernels, SentimentCorpus.WAIMAI);
            assertThat(java.widths()).containsExactly(kernels.stream().mapToInt(Integer::intValue).toArray());
            assertMatches(kernels, java, net, vocab, maxLen);
        }
    }

    @Test
    void payloadRoundTripsThroughTheRegistry(@TempDir Path dir) {
        var vocab = Vocabulary.build(Language.ZH, TEXTS, 100);
        var kernels = List.of(2, 5);
        var p = new NeuralParams(8, 4, kernels, kernels, 12, 12, 100, 1, 1, 4, 1e-3, 0.5, 11L, 0);
        var net = NeuralSentimentTraining.network(vocab.size(), 12, 2, kernels, p);
        var exported = NeuralSentimentTraining.export(net, vocab, 12, kernels, SentimentCorpus.WAIMAI);
        var registry = new ModelRegistry(dir);
        registry.write(new ModelRegistry.Draft("sentiment-test-cnn", TextCnnModel.KIND, Map.of(), Map.of(), Map.of()),
                exported::writeTo);
        var loaded = TextCnnModel.load(registry.latest("sentiment-test-cnn").orElseThrow());
        assertThat(loaded.widths()).containsExactly(2, 5);
        assertMatches(kernels, loaded, net, vocab, 12);
    }
}
