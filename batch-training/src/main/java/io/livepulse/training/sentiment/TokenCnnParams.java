package io.livepulse.training.sentiment;

import io.livepulse.models.sentiment.Language;
import io.livepulse.models.sentiment.PretrainedEncoder;
import java.util.List;

/**
 * Parameters of the token-state CNN: a frozen pre-trained encoder's last-layer state per word piece -> Kim-style
 * convolutions (Deeplearning4j) -> max over the text's tokens -> softmax.
 *
 * @param encoderZh pre-trained encoder id for Chinese ({@link PretrainedEncoder#byId})
 * @param encoderEn the same for English
 * @param maxTokensZh Chinese texts are cut to this many word pieces (characters), special tokens included
 * @param maxTokensEn the same for English
 * @param widths convolution widths in tokens
 * @param filters filters per width
 * @param inputKeep probability of keeping a token-state channel at the convolutions' input (DL4J convention)
 * @param dropout probability of keeping a pooled filter before the output layer
 * @param epochs at most this many passes over the training split
 * @param patience stop after this many epochs without a better validation accuracy (the best epoch is kept)
 * @param batchSize minibatch size
 * @param learningRate Adam learning rate
 * @param l2 L2 weight decay
 * @param seed seeds initialisation, shuffling and dropout
 */
public record TokenCnnParams(String encoderZh, String encoderEn, int maxTokensZh, int maxTokensEn, List<Integer> widths,
        int filters, double inputKeep, double dropout, int epochs, int patience, int batchSize, double learningRate,
        double l2, long seed) {

    public TokenCnnParams {
        widths = List.copyOf(widths);
        if (widths.isEmpty() || widths.stream().anyMatch(w -> w < 1) || filters < 1 || epochs < 1 || patience < 1
                || batchSize < 1 || inputKeep <= 0 || inputKeep > 1 || dropout <= 0 || dropout > 1) {
            throw new IllegalArgumentException("The token CNN needs >= 1 width (each >= 1), filters, epochs, patience"
                    + " and batch size >= 1, keep probabilities in (0, 1]");
        }
        PretrainedEncoder.byId(encoderZh);
        PretrainedEncoder.byId(encoderEn);
    }

    public static TokenCnnParams defaults() {
        return new TokenCnnParams(PretrainedEncoder.BGE_SMALL_ZH.id(), PretrainedEncoder.BGE_SMALL_EN.id(), 160, 64,
                List.of(1, 2, 3), 128, 0.8, 0.5, 12, 3, 32, 1e-3, 1e-5, 20261125L);
    }

    PretrainedEncoder encoder(Language language) {
        return PretrainedEncoder.byId(language == Language.ZH ? encoderZh : encoderEn);
    }

    int maxTokens(Language language) {
        return language == Language.ZH ? maxTokensZh : maxTokensEn;
    }

    TokenCnnParams withRun(String encoderEn, List<Integer> widths, int filters, int epochs, int patience,
            int batchSize) {
        return new TokenCnnParams(encoderZh, encoderEn, maxTokensZh, maxTokensEn, widths, filters, inputKeep, dropout,
                epochs, patience, batchSize, learningRate, l2, seed);
    }
}
