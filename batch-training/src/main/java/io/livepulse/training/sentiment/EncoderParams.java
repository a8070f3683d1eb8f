package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.SentenceEncoder;
import java.util.List;

/**
 * Parameters of the frozen-encoder sentiment model: a pre-trained encoder's pooled token states -> a small dense
 * head trained with Deeplearning4j.
 *
 * @param pooling which pooled blocks of {@link SentenceEncoder#POOLING} feed the head (e.g. cls, mean)
 * @param hidden units of the hidden ReLU layer; 0 = no hidden layer (logistic regression on the features)
 * @param maxTokensZh Chinese texts are cut to this many word pieces (characters) before encoding
 * @param maxTokensEn the same for English
 * @param epochs at most this many passes over the training features
 * @param patience stop after this many epochs without a better validation accuracy (the best epoch is kept)
 * @param batchSize minibatch size
 * @param learningRate Adam learning rate
 * @param dropout probability of keeping a unit before each dense layer (DL4J convention); 1 = none
 * @param l2 L2 weight decay
 * @param seed seeds initialisation, shuffling and dropout
 */
public record EncoderParams(List<String> pooling, int hidden, int maxTokensZh, int maxTokensEn, int epochs,
        int patience, int batchSize, double learningRate, double dropout, double l2, long seed) {

    public EncoderParams {
        pooling = List.copyOf(pooling);
        if (pooling.isEmpty() || !SentenceEncoder.POOLING.containsAll(pooling)) {
            throw new IllegalArgumentException("pooling must be a non-empty subset of " + SentenceEncoder.POOLING
                    + ", was " + pooling);
        }
        if (hidden < 0 || epochs < 1 || patience < 1 || batchSize < 1 || dropout <= 0 || dropout > 1) {
            throw new IllegalArgumentException("Encoder head needs hidden >= 0, epochs, patience and batch size >= 1,"
                    + " dropout (keep probability) in (0, 1]");
        }
    }

    public static EncoderParams defaults() {
        return new EncoderParams(List.of("cls", "mean", "max"), 256, 256, 128, 40, 5, 64, 1e-3, 0.5, 1e-4,
                20261125L);
    }

    EncoderParams with(List<String> pooling, int hidden, double dropout, double l2, int maxTokensEn) {
        return new EncoderParams(pooling, hidden, maxTokensZh, maxTokensEn, epochs, patience, batchSize, learningRate,
                dropout, l2, seed);
    }

    int maxTokens(io.livepulse.models.sentiment.Language language) {
        return language == io.livepulse.models.sentiment.Language.ZH ? maxTokensZh : maxTokensEn;
    }
}
