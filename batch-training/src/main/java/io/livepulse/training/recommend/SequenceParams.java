package io.livepulse.training.recommend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of the sequence-aware (LSTM) next-streamer model.
 *
 * @param dim width of the streamer embeddings and of the LSTM state
 * @param dense width of the ReLU layer that scores a candidate
 * @param negatives live candidates the user did not pick, per training example (half of them, when there are
 *     enough, among the streamers the user watched before)
 * @param epochs passes over the examples
 * @param maxExamples cap on training examples (the most recent ones are kept)
 * @param batchSize examples (each with 1 + negatives candidates) per gradient step
 * @param learningRate Adam learning rate
 * @param seed weight initialisation, sampling and shuffling seed
 */
record SequenceParams(int dim, int dense, int negatives, int epochs, int maxExamples, int batchSize,
        double learningRate, long seed) {
    SequenceParams {
        if (dim < 1 || dense < 1 || negatives < 1 || epochs < 1 || maxExamples < 1 || batchSize < 1
                || !(learningRate > 0)) {
            throw new IllegalArgumentException("sequence model parameters must be positive: " + this);
        }
    }

    static SequenceParams defaults() {
        return new SequenceParams(32, 32, 4, 2, 60_000, 256, 0.005, 42L);
    }

    Map<String, Object> asMap() {
        var m = new LinkedHashMap<String, Object>();
        m.put("dim", dim);
        m.put("dense", dense);
        m.put("negatives", negatives);
        m.put("epochs", epochs);
        m.put("maxExamples", maxExamples);
        m.put("batchSize", batchSize);
        m.put("learningRate", learningRate);
        m.put("seed", seed);
        m.put("sequenceLength", io.livepulse.models.recommend.LiveSequenceNet.SEQUENCE_LENGTH);
        return m;
    }
}
