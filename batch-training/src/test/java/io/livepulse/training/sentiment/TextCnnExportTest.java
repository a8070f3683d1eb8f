package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.sentiment.Language;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The plain-Java forward pass reproduces DL4J's output of the same (randomly initialised) network. */
class TextCnnExportTest {

    @Test
    void plainJavaForwardPassMatchesDl4j() {
        var texts = List.of("太难吃了，送得又慢", "很好吃，送餐很快，赞", "一般", "菜凉了，汤洒了，差评差评差评差评差评差评差评差评");
        var vocab = Vocabulary.build(Language.ZH, texts, 100);
        var p = new NeuralParams(8, 5, 3, 16, 16, 100, 1, 4, 1e-3, 0.5, 7L, 0);
        int maxLen = 16;
        var net = NeuralSentimentTraining.network(vocab.size(), maxLen, 2, p);
        var java = NeuralSentimentTraining.export(net, vocab, maxLen, SentimentCorpus.WAIMAI);
        for (String t : texts) {
            float[][] x = {vocab.encode(t, maxLen)};
            double[] dl4j = net.output(Nd4j.create(x), false).toDoubleVector();
            double[] ours = java.probabilities(t);
            for (int k = 0; k < 2; k++) {
                assertThat(ours[k]).isCloseTo(dl4j[k], within(1e-4));
            }
        }
    }
}
