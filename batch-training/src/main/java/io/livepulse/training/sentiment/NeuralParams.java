package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.Language;
import java.util.List;

/**
 * Parameters of the Deeplearning4j text CNN (Kim 2014: parallel convolutions of several widths).
 *
 * @param embedding embedding size
 * @param filters convolution filters per width
 * @param kernelsZh convolution widths in characters for Chinese
 * @param kernelsEn convolution widths in words for English
 * @param maxLenZh Chinese texts are cut or padded to the 95th percentile of training lengths, at most this many
 *     characters
 * @param maxLenEn the same for English, in words
 * @param maxVocab keep the most frequent symbols seen at least twice, up to this many
 * @param epochs at most this many passes over the training split
 * @param patience stop after this many epochs without a better validation accuracy (the best epoch is kept)
 * @param batchSize minibatch size
 * @param learningRate Adam learning rate
 * @param dropout dropout before the output layer (probability of keeping a unit, DL4J convention)
 * @param seed seeds initialisation, shuffling and dropout
 * @param maxTrain at most this many training texts per corpus, 0 = all
 */
public record NeuralParams(int embedding, int filters, List<Integer> kernelsZh, List<Integer> kernelsEn, int maxLenZh,
        int maxLenEn, int maxVocab, int epochs, int patience, int batchSize, double learningRate, double dropout,
        long seed, int maxTrain) {

    public NeuralParams {
        kernelsZh = List.copyOf(kernelsZh);
        kernelsEn = List.copyOf(kernelsEn);
        if (kernelsZh.isEmpty() || kernelsEn.isEmpty() || epochs < 1 || patience < 1 || filters < 1) {
            throw new IllegalArgumentException("The text CNN needs >= 1 kernel width per language, epoch, patience"
                    + " and filter");
        }
    }

    public static NeuralParams defaults() {
        return new NeuralParams(64, 64, List.of(2, 3, 4, 5), List.of(3, 4, 5), 160, 56, 20_000, 8, 2, 64, 2e-3, 0.5,
                20261125L, 0);
    }

    List<Integer> kernels(Language language) {
        return language == Language.ZH ? kernelsZh : kernelsEn;
    }

    NeuralParams withRun(int epochs, int maxTrain) {
        return new NeuralParams(embedding, filters, kernelsZh, kernelsEn, maxLenZh, maxLenEn, maxVocab, epochs, patience,
                batchSize, learningRate, dropout, seed, maxTrain);
    }
}
