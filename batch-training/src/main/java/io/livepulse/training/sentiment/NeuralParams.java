package io.livepulse.training.sentiment;

/**
 * Parameters of the Deeplearning4j text CNN.
 *
 * @param embedding embedding size
 * @param filters convolution filters
 * @param kernel convolution width (characters for Chinese, words for English)
 * @param maxLenZh Chinese texts are cut or padded to the 95th percentile of training lengths, at most this many
 *     characters
 * @param maxLenEn the same for English, in words
 * @param maxVocab keep the most frequent symbols seen at least twice, up to this many
 * @param epochs passes over the training split
 * @param batchSize minibatch size
 * @param learningRate Adam learning rate
 * @param dropout dropout before the output layer (probability of keeping a unit, DL4J convention)
 * @param seed seeds initialisation, shuffling and dropout
 * @param maxTrain at most this many training texts per corpus, 0 = all
 */
public record NeuralParams(int embedding, int filters, int kernel, int maxLenZh, int maxLenEn, int maxVocab,
        int epochs, int batchSize, double learningRate, double dropout, long seed, int maxTrain) {

    public static NeuralParams defaults() {
        return new NeuralParams(64, 128, 3, 200, 64, 20_000, 3, 64, 2e-3, 0.5, 20261125L, 0);
    }
}
